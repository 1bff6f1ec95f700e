import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { EnvError, keyIdOf, loadConfig } from "./env.ts";
import { openClientSecret, sealClientSecret } from "./sso/client-secret-crypto.ts";

const key = () => randomBytes(32).toString("base64");
const production = { NODE_ENV: "production", JWT_SECRET: "j".repeat(40), SSO_ENCRYPTION_KEY: key() } as const;

describe("loadConfig", () => {
  it.each(["JWT_SECRET", "SSO_ENCRYPTION_KEY"] as const)("refuses to start in production without %s, naming it", (name) => {
    const env: Record<string, string> = { ...production };
    delete env[name];
    expect(() => loadConfig(env)).toThrow(EnvError);
    expect(() => loadConfig(env)).toThrow(name);
  });

  it.each(["production", "development", "test"])("refuses insecure issuers under NODE_ENV=%s unless explicitly allowed", (nodeEnv) => {
    const env = { ...production, NODE_ENV: nodeEnv };
    expect(loadConfig(env).allowInsecureIssuers).toBe(false);
    expect(loadConfig({ ...env, SSO_ALLOW_INSECURE_ISSUERS: "1" }).allowInsecureIssuers).toBe(true);
  });

  it("keeps retired encryption keys able to open secrets sealed before a rotation", () => {
    const old = key();
    const before = loadConfig({ ...production, SSO_ENCRYPTION_KEY: old });
    const binding = { tenantId: "tenant-a", issuer: "https://idp.example", clientId: "app" };
    const sealed = sealClientSecret("s3cret", binding, before.ssoEncryptionKeys);
    const after = loadConfig({ ...production, SSO_ENCRYPTION_KEYS_PREVIOUS: old });
    expect(after.ssoEncryptionKeys.currentKeyId).toBe(keyIdOf(Buffer.from(production.SSO_ENCRYPTION_KEY, "base64")));
    expect(openClientSecret(sealed, binding, after.ssoEncryptionKeys)).toBe("s3cret");
    expect(sealClientSecret("x", binding, after.ssoEncryptionKeys).keyId).toBe(after.ssoEncryptionKeys.currentKeyId);
  });

  it("reads DNS_SERVERS as a list of resolvers, and refuses what is not an address", () => {
    expect(loadConfig(production).dnsServers).toEqual([]);
    expect(loadConfig({ ...production, DNS_SERVERS: "1.1.1.1, 127.0.0.1:5353,[::1]:53" }).dnsServers).toEqual([
      "1.1.1.1",
      "127.0.0.1:5353",
      "[::1]:53",
    ]);
    expect(() => loadConfig({ ...production, DNS_SERVERS: "dns.example.com" })).toThrow("DNS_SERVERS must be comma-separated IP addresses");
  });
});
