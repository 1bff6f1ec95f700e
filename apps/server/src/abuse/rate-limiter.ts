import type { Db } from "@jams/db";

export interface WindowRule {
  /** Hits allowed per window; the next one is refused until the window ends. */
  limit: number;
  windowMs: number;
}

export interface BackoffRule {
  /** Failures allowed before each further one holds the key back. */
  freeFailures: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export type Decision = { isAllowed: true } | { isAllowed: false; retryAfterSeconds: number };

const ALLOWED: Decision = { isAllowed: true };
const refuseUntil = (until: number, now: number): Decision => ({
  isAllowed: false,
  retryAfterSeconds: Math.max(1, Math.ceil((until - now) / 1000)),
});

/** Allowed while the window's count is within the limit; otherwise refused until the window ends. */
export const decideWindow = (count: number, windowStart: number, rule: WindowRule, now: number): Decision =>
  count <= rule.limit ? ALLOWED : refuseUntil(windowStart + rule.windowMs, now);

/**
 * Counters in SQLite, updated with one atomic statement each, so limits hold across server
 * processes sharing the database and survive restarts.
 */
export class RateLimiter {
  readonly #hit;
  readonly #blockedUntil;
  readonly #fail;
  readonly #block;
  readonly #reset;
  readonly #sqlite;

  constructor(
    db: Db,
    private readonly now: () => number = Date.now,
  ) {
    const sqlite = db.$client;
    this.#sqlite = sqlite;
    this.#hit = sqlite.prepare<{ key: string; now: number; expired: number; hits: number }, { count: number; window_start: number }>(
      `insert into rate_limits (key, window_start, count) values (:key, :now, :hits)
       on conflict (key) do update set
         count = case when window_start <= :expired then :hits else count + :hits end,
         window_start = case when window_start <= :expired then :now else window_start end
       returning count, window_start`,
    );
    this.#blockedUntil = sqlite.prepare<[string], { blocked_until: number | null }>("select blocked_until from rate_limits where key = ?");
    this.#fail = sqlite.prepare<{ key: string; now: number }, { failures: number }>(
      `insert into rate_limits (key, window_start, count, failures) values (:key, :now, 0, 1)
       on conflict (key) do update set failures = failures + 1
       returning failures`,
    );
    this.#block = sqlite.prepare<[number, string]>("update rate_limits set blocked_until = ? where key = ?");
    this.#reset = sqlite.prepare<[string]>("delete from rate_limits where key = ?");
  }

  /** Counts one hit against a fixed window (one statement: read, count and decide together). */
  hit(key: string, rule: WindowRule): Decision {
    const now = this.now();
    const { count, windowStart } = this.add(key, rule, 1, now);
    return decideWindow(count, windowStart, rule, now);
  }

  /** Adds `hits` to the key's current window (starting a new one if it ended); returns the shared count. */
  add(key: string, rule: WindowRule, hits: number, now: number): { count: number; windowStart: number } {
    const row = this.#hit.get({ key, now, expired: now - rule.windowMs, hits });
    if (!row) throw new Error("rate limit counter not returned");
    return { count: row.count, windowStart: row.window_start };
  }

  /** Runs several updates as one write transaction. */
  inTransaction(work: () => void): void {
    this.#sqlite.transaction(work)();
  }

  get isOpen(): boolean {
    return this.#sqlite.open;
  }

  /** Whether a key is currently held back after repeated failures. */
  check(key: string): Decision {
    const now = this.now();
    const until = this.#blockedUntil.get(key)?.blocked_until;
    return until && until > now ? refuseUntil(until, now) : ALLOWED;
  }

  /** Records a failure; past the free ones, each holds the key back twice as long as the last. */
  fail(key: string, rule: BackoffRule): void {
    const now = this.now();
    const failures = this.#fail.get({ key, now })?.failures ?? 1;
    const excess = failures - rule.freeFailures;
    if (excess <= 0) return;
    this.#block.run(now + Math.min(rule.maxDelayMs, rule.baseDelayMs * 2 ** Math.min(excess - 1, 30)), key);
  }

  reset(key: string): void {
    this.#reset.run(key);
  }
}
