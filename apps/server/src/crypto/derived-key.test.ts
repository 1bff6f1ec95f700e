import { hkdfSync, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { derivedKey } from "./derived-key.ts";

describe("derivedKey", () => {
  it("is HKDF-SHA256 of the secret under the label, 32 bytes", () => {
    const secret = new Uint8Array(randomBytes(32));
    expect(derivedKey(secret, "purpose a")).toEqual(Buffer.from(hkdfSync("sha256", secret, "", "purpose a", 32)));
  });

  it("differs between labels and between secrets, and is the same key again for the same pair", () => {
    const secret = new Uint8Array(randomBytes(32));
    const other = new Uint8Array(randomBytes(32));
    expect(derivedKey(secret, "purpose a")).not.toEqual(derivedKey(secret, "purpose b"));
    expect(derivedKey(secret, "purpose a")).not.toEqual(derivedKey(other, "purpose a"));
    expect(derivedKey(secret, "purpose a")).toBe(derivedKey(secret, "purpose a"));
  });
});
