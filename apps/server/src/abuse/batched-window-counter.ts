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
 * memory and added to the shared `rate_limits` row at most once per key every SYNC_INTERVAL_MS,
 * so a burst costs one SQLite write per 100 ms instead of one per request. The limit still holds
 * across processes and restarts: each process reads the shared count when it writes, so it sees
 * the others' hits within the interval; a stopping process writes what it holds (`flush`).
 * A refusal is never premature: the local count is a lower bound of the shared one.
 */
export class BatchedWindowCounter {
  readonly #local = new Map<string, LocalCount>();
  readonly #timer: NodeJS.Timeout;

  constructor(
    private readonly limiter: RateLimiter,
    private readonly now: () => number,
  ) {
    this.#timer = setInterval(() => (this.limiter.isOpen ? this.flush() : this.close()), SYNC_INTERVAL_MS).unref();
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

  /** Writes every pending hit in one transaction and forgets the copies: the next hit of a key reads the shared count. */
  flush(): void {
    const now = this.now();
    const pending = [...this.#local].filter(([, local]) => local.pending > 0 && now < local.windowStart + local.rule.windowMs);
    this.#local.clear();
    if (pending.length === 0) return;
    this.limiter.inTransaction(() => {
      for (const [key, local] of pending) this.limiter.add(key, local.rule, local.pending, now);
    });
  }

  /** Stops the background writes; call `flush` first to keep the pending hits. */
  close(): void {
    clearInterval(this.#timer);
  }
}
