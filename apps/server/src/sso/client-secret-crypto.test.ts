import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { keyIdOf } from "../env.ts";
import { openClientSecret, SecretOpenError, sealClientSecret } from "./client-secret-crypto.ts";

function keyRing() {
  const key = new Uint8Array(randomBytes(32));
  return { currentKeyId: keyIdOf(key), keys: new Map([[keyIdOf(key), key]]) };
}

describe("client secret sealing (AES-256-GCM)", () => {
  const keys = keyRing();

  it("round-trips and uses a fresh IV each time", () => {
    const first = sealClientSecret("s3cret", "tenant-a", keys);
    const second = sealClientSecret("s3cret", "tenant-a", keys);
    expect(first.sealed).not.toBe(second.sealed);
    expect(first.keyId).toBe(keys.currentKeyId);
    expect(openClientSecret(first, "tenant-a", keys)).toBe("s3cret");
  });

  it("fails to open when moved to another tenant's row", () => {
    const sealed = sealClientSecret("s3cret", "tenant-a", keys);
    expect(() => openClientSecret(sealed, "tenant-b", keys)).toThrow(SecretOpenError);
  });

  it("fails to open when any byte is tampered with", () => {
    const sealed = sealClientSecret("s3cret", "tenant-a", keys);
    const bytes = Buffer.from(sealed.sealed, "base64url");
    for (const index of [0, 12, bytes.length - 1]) {
      const tampered = Buffer.from(bytes);
      tampered[index] = (tampered[index] ?? 0) ^ 1;
      expect(() => openClientSecret({ ...sealed, sealed: tampered.toString("base64url") }, "tenant-a", keys)).toThrow(SecretOpenError);
    }
  });

  it("fails to open under an unknown key id, and opens with an older key kept for rotation", () => {
    const old = keyRing();
    const sealed = sealClientSecret("s3cret", "tenant-a", old);
    expect(() => openClientSecret(sealed, "tenant-a", keys)).toThrow(SecretOpenError);
    const rotated = { currentKeyId: keys.currentKeyId, keys: new Map([...keys.keys, ...old.keys]) };
    expect(openClientSecret(sealed, "tenant-a", rotated)).toBe("s3cret");
  });
});
