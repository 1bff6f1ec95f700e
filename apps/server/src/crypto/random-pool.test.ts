import { describe, expect, it } from "vitest";
import { randomBase64url } from "./random-pool.ts";

describe("pooled randomness", () => {
  it("hands out each draw once, across pool refills, at the length asked", () => {
    const draws = Array.from({ length: 1000 }, () => randomBase64url(32));
    expect(new Set(draws).size).toBe(1000);
    for (const draw of draws) expect(Buffer.from(draw, "base64url")).toHaveLength(32);
  });

  it("looks uniform: every byte value appears, none far more often than the others", () => {
    const counts = new Array<number>(256).fill(0);
    for (let draw = 0; draw < 2048; draw++)
      for (const byte of Buffer.from(randomBase64url(32), "base64url")) counts[byte] = (counts[byte] ?? 0) + 1;
    expect(Math.min(...counts)).toBeGreaterThan(150);
    expect(Math.max(...counts)).toBeLessThan(370);
  });

  it("refuses a draw larger than the pool", () => {
    expect(() => randomBase64url(5000)).toThrow(RangeError);
  });
});
