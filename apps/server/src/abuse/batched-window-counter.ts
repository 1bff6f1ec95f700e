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
  /** The background write in flight, if any: a tick does not start another while it runs. */
  #background: Promise<void> | null = null;

  constructor(
    private readonly store: AbuseStore,
    private readonly now: () => number,
    private readonly onFlushError: (error: Error) => void,
  ) {
    this.#timer = setInterval(() => this.#flushInBackground(), SYNC_INTERVAL_MS).unref();
  }

  async hit(key: string, rule: WindowRule): Promise<Decision> {
    const now = this.now();
    let local = this.#local.get(key);
    if (local && now < local.windowStart + rule.windowMs) {
      local.pending++;
      if (now - local.syncedAt < SYNC_INTERVAL_MS) return decideWindow(local.count + local.pending, local.windowStart, rule, now);
    } else {
      local = { count: 0, windowStart: now, pending: 1, syncedAt: now, rule };
      this.#local.set(key, local);
    }
    await this.#sync(key, local, now);
    return decideWindow(local.count, local.windowStart, rule, now);
  }

  /**
   * Sends the pending hits and reads the shared count; hits arriving meanwhile stay pending. The
   * hits on the wire already count locally, so a hit arriving during the write sees them.
   */
  async #sync(key: string, local: LocalCount, now: number): Promise<void> {
    const hits = takePending(local);
    local.syncedAt = now;
    try {
      const shared = await this.store.addHits(key, local.rule.windowMs, hits, now);
      local.count = shared.count;
      local.windowStart = shared.windowStart;
    } catch (error) {
      givePendingBack(local, hits);
      throw error;
    }
  }

  /**
   * Writes every pending hit in one transaction, then forgets the copies that got no hit meanwhile:
   * the next hit of a key reads the shared count. The hits sent leave `pending` before the write, so
   * a sync or a hit during it neither sends them again nor gets lost, and they count locally
   * meanwhile, so a hit during the write is refused at the limit; if the write fails (database
   * locked, disk full) they go back to `pending`.
   */
  async flush(): Promise<void> {
    const now = this.now();
    const isCurrent = (local: LocalCount) => now < local.windowStart + local.rule.windowMs;
    const sent = [...this.#local]
      .filter(([, local]) => local.pending > 0 && isCurrent(local))
      .map(([key, local]) => ({ key, local, hits: takePending(local) }));
    try {
      if (sent.length > 0)
        await this.store.addHitsBatch(
          sent.map(({ key, local, hits }) => ({ key, windowMs: local.rule.windowMs, hits })),
          now,
        );
    } catch (error) {
      for (const { local, hits } of sent) givePendingBack(local, hits);
      throw error;
    }
    for (const [key, local] of [...this.#local]) if (local.pending === 0 || !isCurrent(local)) this.#local.delete(key);
  }

  /** Resolves once the background write in flight, if any, has finished. */
  async settled(): Promise<void> {
    await this.#background;
  }

  /** Stops the background writes, lets one in flight finish, and writes what is still pending. */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.settled();
    await this.#flushOrReport();
  }

  #flushInBackground(): void {
    if (this.#background) return;
    this.#background = this.#flushOrReport().finally(() => {
      this.#background = null;
    });
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

/** Moves a copy's pending hits into its count as they go on the wire: they leave `pending` but still count. */
function takePending(local: LocalCount): number {
  const hits = local.pending;
  local.pending = 0;
  local.count += hits;
  return hits;
}

/** Undoes `takePending` after a failed write: the hits are pending again. */
function givePendingBack(local: LocalCount, hits: number): void {
  local.count -= hits;
  local.pending += hits;
}
