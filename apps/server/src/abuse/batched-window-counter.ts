import { type Decision, decideWindow, type RateLimiter, type WindowRule } from "./rate-limiter.ts";

/** How old a process's copy of a shared count may get, and how long its own hits may wait to be written. */
export const SYNC_INTERVAL_MS = 100;

interface LocalCount {
  /** The shared count when last read from the database. */
  count: number;
  windowStart: number;
  /** This process's hits since then, not yet written. */
  pending: number;
  syncedAt: number;
  rule: WindowRule;
}

/**
 * Window limits for the high-rate routes (`auth.lookup`, `/auth/sso/start`). Hits are counted in
 * memory and added to the shared `rate_limits` row about once per key every SYNC_INTERVAL_MS (on
 * the first hit after a flush, and at the flush), so a burst costs two SQLite writes per 100 ms
 * instead of one per request. The limit still holds across processes and restarts: each process
 * reads the shared count when it writes, so it sees another's hits within two intervals (~200 ms);
 * in that time each of P processes may admit up to the limit, so a burst spread over P processes
 * can reach P × limit in one window. A stopping process writes what it holds (`close`). A refusal
 * is never premature: the local count is a lower bound of the shared one.
 */
export class BatchedWindowCounter {
  readonly #local = new Map<string, LocalCount>();
  readonly #timer: NodeJS.Timeout;

  constructor(
    private readonly limiter: RateLimiter,
    private readonly now: () => number,
    private readonly onFlushError: (error: Error) => void,
  ) {
    this.#timer = setInterval(() => (this.limiter.isOpen ? this.#flushOrReport() : this.close()), SYNC_INTERVAL_MS).unref();
  }

  hit(key: string, rule: WindowRule): Decision {
    const now = this.now();
    let local = this.#local.get(key);
    const isInWindow = local !== undefined && now < local.windowStart + rule.windowMs;
    if (local && isInWindow && now - local.syncedAt < SYNC_INTERVAL_MS) local.pending++;
    else local = this.#sync(key, rule, now, local && isInWindow ? local.pending + 1 : 1);
    return decideWindow(local.count + local.pending, local.windowStart, rule, now);
  }

  #sync(key: string, rule: WindowRule, now: number, hits: number): LocalCount {
    const { count, windowStart } = this.limiter.add(key, rule, hits, now);
    const local = { count, windowStart, pending: 0, syncedAt: now, rule };
    this.#local.set(key, local);
    return local;
  }

  /**
   * Writes every pending hit in one transaction, then forgets the copies: the next hit of a key
   * reads the shared count. If the write fails (database locked, disk full) nothing is forgotten.
   */
  flush(): void {
    const now = this.now();
    const pending = [...this.#local].filter(([, local]) => local.pending > 0 && now < local.windowStart + local.rule.windowMs);
    if (pending.length > 0) {
      this.limiter.inTransaction(() => {
        for (const [key, local] of pending) this.limiter.add(key, local.rule, local.pending, now);
      });
    }
    this.#local.clear();
  }

  /** Writes what is pending and stops the background writes. */
  close(): void {
    clearInterval(this.#timer);
    if (this.limiter.isOpen) this.#flushOrReport();
  }

  /** A failed background write must not crash the server: it is reported, and retried on the next hit or flush. */
  #flushOrReport(): void {
    try {
      this.flush();
    } catch (error) {
      this.onFlushError(error as Error);
    }
  }
}
