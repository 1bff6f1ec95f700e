import { type Decision, decideWindow, type WindowRule } from "./rate-limiter.ts";

/** More keys than this and the oldest windows are dropped: memory stays bounded whatever the traffic. */
const MAX_KEYS = 100_000;

/**
 * Fixed-window counts kept in this process only, for the fine-grained per-(address, email) limits
 * of the high-rate routes: they slow one address hammering one email without a database write per
 * request. Each server process counts on its own, so P processes admit up to P × limit, and a
 * restart forgets; the shared per-address ceilings (in the database) still hold.
 */
export class MemoryWindowCounter {
  readonly #windows = new Map<string, { count: number; windowStart: number }>();

  constructor(private readonly now: () => number) {}

  hit(key: string, rule: WindowRule): Decision {
    const now = this.now();
    let window = this.#windows.get(key);
    if (!window || now >= window.windowStart + rule.windowMs) {
      this.#windows.delete(key);
      window = { count: 0, windowStart: now };
      if (this.#windows.size >= MAX_KEYS) this.#dropOldest();
      this.#windows.set(key, window);
    }
    window.count++;
    return decideWindow(window.count, window.windowStart, rule, now);
  }

  /** Maps keep insertion order, and a key is re-inserted when its window restarts: the first tenth are the oldest windows. */
  #dropOldest(): void {
    let toDrop = Math.ceil(MAX_KEYS / 10);
    for (const key of this.#windows.keys()) {
      if (toDrop-- <= 0) break;
      this.#windows.delete(key);
    }
  }
}
