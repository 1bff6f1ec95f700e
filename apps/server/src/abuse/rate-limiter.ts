import type { AbuseStore } from "@jams/db";

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

/** Past the free failures, each further one holds the key back twice as long as the last. */
export const holdMsAfter =
  (rule: BackoffRule) =>
  (failures: number): number => {
    const excess = failures - rule.freeFailures;
    return excess <= 0 ? 0 : Math.min(rule.maxDelayMs, rule.baseDelayMs * 2 ** Math.min(excess - 1, 30));
  };

/**
 * Counters in the database, each update one atomic statement, so limits hold across server
 * processes sharing it and survive restarts.
 */
export class RateLimiter {
  constructor(
    readonly store: AbuseStore,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one hit against a fixed window. */
  async hit(key: string, rule: WindowRule): Promise<Decision> {
    const now = this.now();
    const { count, windowStart } = await this.store.addHits(key, rule.windowMs, 1, now);
    return decideWindow(count, windowStart, rule, now);
  }

  /** Counts an attempt as a failure before it is checked (see `AbuseStore.reserveAttempt`); refused while the key is held back. */
  async reserve(key: string, rule: BackoffRule): Promise<Decision> {
    const now = this.now();
    const reserved = await this.store.reserveAttempt(key, now, holdMsAfter(rule));
    return reserved.isAllowed ? ALLOWED : refuseUntil(reserved.blockedUntil, now);
  }

  reset(key: string): Promise<void> {
    return this.store.reset(key);
  }
}
