import { type Executor, get, run, type Script } from "../sql/script.ts";

export interface WindowCount {
  count: number;
  windowStart: number;
}

export interface PendingHits {
  key: string;
  windowMs: number;
  hits: number;
}

export interface AbuseStore {
  /**
   * Adds hits to a key's fixed window, starting a new window when the last one ended, and returns
   * the shared count: one atomic statement, so processes sharing the database add up.
   */
  addHits(key: string, windowMs: number, hits: number, now: number): Promise<WindowCount>;
  /** Adds several keys' hits in one transaction. */
  addHitsBatch(pending: PendingHits[], now: number): Promise<void>;
  /** Until when a key is held back after repeated failures (epoch ms), if it is. */
  blockedUntil(key: string): Promise<number | null>;
  /**
   * Reserves an attempt before it is checked: counts it as a failure at once (a success resets the
   * key), and past the free ones holds the key back for `holdMsAfter(failures)` ms — all in one
   * transaction, so attempts sent together cannot all slip in before the first is counted. Refused,
   * and not counted, while the key is held back.
   */
  reserveAttempt(
    key: string,
    now: number,
    holdMsAfter: (failures: number) => number,
  ): Promise<{ isAllowed: true } | { isAllowed: false; blockedUntil: number }>;
  reset(key: string): Promise<void>;
}

function* addHits(key: string, windowMs: number, hits: number, now: number): Script<WindowCount> {
  const row = yield* get<WindowCount>(
    `insert into rate_limits (key, window_start, count, updated_at) values (?, ?, ?, ?)
     on conflict (key) do update set
       count = case when rate_limits.window_start <= ? then excluded.count else rate_limits.count + excluded.count end,
       window_start = case when rate_limits.window_start <= ? then excluded.window_start else rate_limits.window_start end,
       updated_at = excluded.updated_at
     returning count, window_start as "windowStart"`,
    key,
    now,
    hits,
    now,
    now - windowMs,
    now - windowMs,
  );
  if (!row) throw new Error("rate limit counter not returned");
  return row;
}

export function abuseStore(db: Executor): AbuseStore {
  return {
    addHits: (key, windowMs, hits, now) => db.run(addHits(key, windowMs, hits, now)),

    addHitsBatch: (pending, now) =>
      db.transaction(function* () {
        for (const { key, windowMs, hits } of pending) yield* addHits(key, windowMs, hits, now);
      }),

    blockedUntil: async (key) =>
      (await db.run(get<{ blockedUntil: number | null }>(`select blocked_until as "blockedUntil" from rate_limits where key = ?`, key)))
        ?.blockedUntil ?? null,

    reserveAttempt: (key, now, holdMsAfter) =>
      db.transaction(function* () {
        const row = yield* get<{ failures: number; blockedUntil: number | null }>(
          `insert into rate_limits (key, window_start, count, failures, updated_at) values (?, ?, 0, 1, ?)
           on conflict (key) do update set
             failures = case when rate_limits.blocked_until > ? then rate_limits.failures else rate_limits.failures + 1 end,
             updated_at = excluded.updated_at
           returning failures, blocked_until as "blockedUntil"`,
          key,
          now,
          now,
          now,
        );
        if (row?.blockedUntil != null && row.blockedUntil > now) return { isAllowed: false as const, blockedUntil: row.blockedUntil };
        const holdMs = holdMsAfter(row?.failures ?? 1);
        if (holdMs > 0) yield* run("update rate_limits set blocked_until = ? where key = ?", now + holdMs, key);
        return { isAllowed: true as const };
      }),

    reset: async (key) => {
      await db.run(run("delete from rate_limits where key = ?", key));
    },
  };
}
