import type { AbuseStore } from "@jams/db";
import { type Decision, decideWindow, type WindowRule } from "./rate-limiter.ts";

/** How old a process's copy of a shared count may get, and how long its own hits may wait to be written. */
export const SYNC_INTERVAL_MS = 100;

interface LocalCount {
  /** The shared count when last read from the database. */
  count: number;
  windowStart: number;
  /** This process's hits not yet sent to the database. */
  pending: number;
  syncedAt: number;
  rule: WindowRule;
}

/**
 * Window limits for the high-rate routes (`auth.lookup`, `/auth/sso/start`). Hits are counted in
 * memory and added to the shared `rate_limits` row about once per key every SYNC_INTERVAL_MS (on
 * the first hit after the interval, and at the flush), so a burst costs two writes per 100 ms
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
    private readonly store: AbuseStore,
    private readonly now: () => number,
    private readonly onFlushError: (error: Error) => void,
  ) {
    this.#timer = setInterval(() => this.#flushOrReport(), SYNC_INTERVAL_MS).unref();
  }

  async hit(key: string, rule: WindowRule): Promise<Decision> {
    const now = this.now();
    let local = this.#local.get(key);
    if (local && now < local.windowStart + rule.windowMs) {
      local.pending++;
      if (now - local.syncedAt >= SYNC_INTERVAL_MS) await this.#sync(key, local, now);
    } else {
      local = { count: 0, windowStart: now, pending: 1, syncedAt: now, rule };
      this.#local.set(key, local);
      await this.#sync(key, local, now);
    }
    return decideWindow(local.count + local.pending, local.windowStart, rule, now);
  }

  /** Sends the pending hits and reads the shared count; hits arriving meanwhile stay pending. */
  async #sync(key: string, local: LocalCount, now: number): Promise<void> {
    const hits = local.pending;
    local.pending = 0;
    local.syncedAt = now;
    try {
      const shared = await this.store.addHits(key, local.rule.windowMs, hits, now);
      local.count = shared.count;
      local.windowStart = shared.windowStart;
    } catch (error) {
      local.pending += hits;
      throw error;
    }
  }

  /**
   * Writes every pending hit in one transaction, then forgets the copies: the next hit of a key
   * reads the shared count. If the write fails (database locked, disk full) nothing is forgotten.
   */
  async flush(): Promise<void> {
    const now = this.now();
    const entries = [...this.#local];
    const pending = entries
      .filter(([, local]) => local.pending > 0 && now < local.windowStart + local.rule.windowMs)
      .map(([key, local]) => ({ key, windowMs: local.rule.windowMs, hits: local.pending }));
    if (pending.length > 0) await this.store.addHitsBatch(pending, now);
    for (const [key, local] of entries) if (this.#local.get(key) === local) this.#local.delete(key);
  }

  /** Writes what is pending and stops the background writes. */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.#flushOrReport();
  }

  /** A failed background write must not crash the server: it is reported, and retried on the next hit or flush. */
  async #flushOrReport(): Promise<void> {
    try {
      await this.flush();
    } catch (error) {
      this.onFlushError(error as Error);
    }
  }
}
