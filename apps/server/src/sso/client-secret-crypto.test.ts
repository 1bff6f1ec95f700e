import { createCipheriv, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { keyIdOf } from "../env.ts";
import { openClientSecret, SecretOpenError, sealClientSecret } from "./client-secret-crypto.ts";

function keyRing() {
  const key = new Uint8Array(randomBytes(32));
  return { currentKeyId: keyIdOf(key), keys: new Map([[keyIdOf(key), key]]) };
}

const binding = { tenantId: "tenant-a", issuer: "https://login.example.com/tenant/v2.0", clientId: "app-1" };

describe("client secret sealing (AES-256-GCM)", () => {
  const keys = keyRing();

  it("round-trips and uses a fresh IV each time", () => {
    const first = sealClientSecret("s3cret", binding, keys);
    const second = sealClientSecret("s3cret", binding, keys);
    expect(first.sealed).not.toBe(second.sealed);
    expect(first.keyId).toBe(keys.currentKeyId);
    expect(openClientSecret(first, binding, keys)).toBe("s3cret");
  });

  it.each([
    ["another tenant's row", { ...binding, tenantId: "tenant-b" }],
    ["another issuer (the IdP changed, the secret was left behind)", { ...binding, issuer: "https://evil.example" }],
    ["another client id", { ...binding, clientId: "app-2" }],
  ])("fails to open for %s", (_name, other) => {
    expect(() => openClientSecret(sealClientSecret("s3cret", binding, keys), other, keys)).toThrow(SecretOpenError);
  });

  it("cannot be confused by issuer and client id that join to the same text", () => {
    const sealed = sealClientSecret("s3cret", { tenantId: "t", issuer: "https://a.example/x", clientId: "y" }, keys);
    expect(() => openClientSecret(sealed, { tenantId: "t", issuer: "https://a.example/", clientId: "xy" }, keys)).toThrow(SecretOpenError);
  });

  it("opens a secret sealed before v2 (tenant id only) for its tenant, never for another", () => {
    const key = keys.keys.get(keys.currentKeyId) as Uint8Array;
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", key, iv);
    cipher.setAAD(Buffer.from("tenant-a", "utf8"));
    const legacy = Buffer.concat([iv, cipher.update("old secret", "utf8"), cipher.final(), cipher.getAuthTag()]).toString("base64url");
    expect(openClientSecret({ sealed: legacy, keyId: keys.currentKeyId }, binding, keys)).toBe("old secret");
    expect(() => openClientSecret({ sealed: legacy, keyId: keys.currentKeyId }, { ...binding, tenantId: "tenant-b" }, keys)).toThrow(
      SecretOpenError,
    );
  });

  it("fails to open when any byte is tampered with", () => {
    const sealed = sealClientSecret("s3cret", binding, keys);
    const bytes = Buffer.from(sealed.sealed.slice("v2.".length), "base64url");
    for (const index of [0, 12, bytes.length - 1]) {
      const tampered = Buffer.from(bytes);
      tampered[index] = (tampered[index] ?? 0) ^ 1;
      expect(() => openClientSecret({ ...sealed, sealed: `v2.${tampered.toString("base64url")}` }, binding, keys)).toThrow(SecretOpenError);
    }
  });

  it("fails to open under an unknown key id, and opens with an older key kept for rotation", () => {
    const old = keyRing();
    const sealed = sealClientSecret("s3cret", binding, old);
    expect(() => openClientSecret(sealed, binding, keys)).toThrow(SecretOpenError);
    const rotated = { currentKeyId: keys.currentKeyId, keys: new Map([...keys.keys, ...old.keys]) };
    expect(openClientSecret(sealed, binding, rotated)).toBe("s3cret");
  });
});
