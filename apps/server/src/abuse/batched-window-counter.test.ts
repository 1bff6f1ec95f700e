import type { AbuseStore, PendingHits } from "@jams/db";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { BatchedWindowCounter, SYNC_INTERVAL_MS } from "./batched-window-counter.ts";

/**
 * A shared count whose batch writes finish only when the test says so, as a PostgreSQL write that
 * is still on the wire while new hits arrive.
 */
function slowStore() {
  let shared = 0;
  const batches: number[] = [];
  const write: { finish: () => void } = { finish: () => undefined };
  const store = {
    addHits: async (_key: string, _windowMs: number, hits: number, now: number) => {
      shared += hits;
      return { count: shared, windowStart: now };
    },
    addHitsBatch: (pending: PendingHits[]) =>
      new Promise<void>((resolve) => {
        write.finish = () => {
          for (const { hits } of pending) shared += hits;
          batches.push(pending.reduce((sum, { hits }) => sum + hits, 0));
          resolve();
        };
      }),
  } as unknown as AbuseStore;
  return { store, batches, shared: () => shared, finishWrite: () => write.finish() };
}

const RULE = { limit: 1000, windowMs: 60_000 };
let clock = 1_800_000_000_000;
beforeEach(() => vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] }));
afterEach(() => vi.useRealTimers());

describe("batched window counts while a background write is in flight", () => {
  it("keep the hits that arrive during the write, send each hit once, and start no second write meanwhile", async () => {
    const { store, batches, shared, finishWrite } = slowStore();
    const counter = new BatchedWindowCounter(
      store,
      () => clock,
      () => undefined,
    );
    for (let hit = 0; hit < 5; hit++) await counter.hit("k", RULE);
    expect(shared()).toBe(1);

    vi.advanceTimersByTime(SYNC_INTERVAL_MS);
    for (let hit = 0; hit < 3; hit++) await counter.hit("k", RULE);
    vi.advanceTimersByTime(SYNC_INTERVAL_MS);
    clock += SYNC_INTERVAL_MS;
    await counter.hit("k", RULE);
    finishWrite();
    await counter.settled();
    expect(batches).toEqual([4]);
    expect(shared()).toBe(9);

    await counter.close();
    expect(batches).toEqual([4]);
    expect(shared()).toBe(9);
  });

  it("still count the hits on the wire, so a hit during the write is refused at the limit", async () => {
    const { store, finishWrite } = slowStore();
    const counter = new BatchedWindowCounter(
      store,
      () => clock,
      () => undefined,
    );
    const rule = { limit: 3, windowMs: 60_000 };
    await counter.hit("k", rule);
    await counter.hit("k", rule);
    vi.advanceTimersByTime(SYNC_INTERVAL_MS);
    const during = [(await counter.hit("k", rule)).isAllowed, (await counter.hit("k", rule)).isAllowed];
    finishWrite();
    await counter.settled();
    expect(during).toEqual([true, false]);
  });
});

describe("batched window counts while a hit's own write is in flight", () => {
  it("count that hit for the hits arriving meanwhile", async () => {
    const { store } = slowStore();
    const counter = new BatchedWindowCounter(
      store,
      () => clock,
      () => undefined,
    );
    const rule = { limit: 1, windowMs: 60_000 };
    const together = await Promise.all([counter.hit("k", rule), counter.hit("k", rule)]);
    expect(together.map((decision) => decision.isAllowed)).toEqual([true, false]);
  });
});
