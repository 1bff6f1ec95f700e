import { type Executor, run } from "../sql/script.ts";

export interface RetentionPolicy {
  /** Audit events older than this are deleted (`AUDIT_RETENTION_DAYS`). */
  auditRetentionMs: number;
  /** Rate-limit rows untouched this long (and no longer holding anyone back) are deleted. */
  rateLimitIdleMs: number;
}

/** How many rows each table lost in one sweep. */
export interface SweepCounts {
  handoffs: number;
  consumedStates: number;
  sessions: number;
  auditEvents: number;
  rateLimits: number;
}

export interface RetentionStore {
  /** Deletes every row past its use: expired one-time rows and sessions, old audit events, idle limit counters. */
  sweep(now: number, policy: RetentionPolicy): Promise<SweepCounts>;
}

export function retentionStore(db: Executor): RetentionStore {
  return {
    sweep: (now, policy) =>
      db.transaction(function* () {
        return {
          handoffs: yield* run("delete from sso_handoffs where expires_at <= ?", now),
          consumedStates: yield* run("delete from sso_consumed_states where expires_at <= ?", now),
          sessions: yield* run("delete from sessions where expires_at <= ?", now),
          auditEvents: yield* run("delete from audit_events where created_at < ?", now - policy.auditRetentionMs),
          rateLimits: yield* run(
            "delete from rate_limits where updated_at < ? and (blocked_until is null or blocked_until <= ?)",
            now - policy.rateLimitIdleMs,
            now,
          ),
        };
      }),
  };
}
