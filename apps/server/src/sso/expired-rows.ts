import { type Db, preparedStatements } from "@jams/db";

/** How often a process clears expired handoffs and consumed states (they are refused by their expiry meanwhile). */
export const SWEEP_INTERVAL_MS = 60_000;

const statements = preparedStatements((sqlite) => ({
  handoffs: sqlite.prepare<[number]>("delete from sso_handoffs where expires_at <= ?"),
  consumedStates: sqlite.prepare<[number]>("delete from sso_consumed_states where expires_at <= ?"),
  lastSweep: { at: Number.NEGATIVE_INFINITY },
}));

/**
 * Deletes expired SSO handoffs and consumed states, at most once a minute per process, so a
 * sign-in does not pay for two extra deletes. Every read checks expiry itself.
 */
export function sweepExpired(db: Db, now: number): void {
  const sweep = statements(db);
  if (now - sweep.lastSweep.at < SWEEP_INTERVAL_MS) return;
  sweep.lastSweep.at = now;
  sweep.handoffs.run(now);
  sweep.consumedStates.run(now);
}
