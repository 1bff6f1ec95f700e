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

  it("keeps keys from the environment by default", () => {
    expect(loadConfig({ ...production }).keyProvider).toEqual({ kind: "env" });
  });

  describe("with SSO_KEY_PROVIDER=azure-key-vault", () => {
    const keyId = "https://jams-prod.vault.azure.net/keys/client-secrets";
    const azure = { NODE_ENV: "production", JWT_SECRET: "j".repeat(40), SSO_KEY_PROVIDER: "azure-key-vault" } as const;

    it("starts in production without SSO_ENCRYPTION_KEY, with no current key until the data keys load", () => {
      for (const id of [keyId, `${keyId}/0123456789abcdef0123456789abcdef`]) {
        const config = loadConfig({ ...azure, AZURE_KEY_VAULT_KEY_ID: id });
        expect(config.keyProvider).toEqual({ kind: "azure-key-vault", keyId: id });
        expect(config.ssoEncryptionKeys.currentKeyId).toBe("");
        expect(config.ssoEncryptionKeys.keys.size).toBe(0);
      }
    });

    it("refuses to start without AZURE_KEY_VAULT_KEY_ID, naming it", () => {
      expect(() => loadConfig({ ...azure })).toThrow(
        new EnvError("AZURE_KEY_VAULT_KEY_ID is required when SSO_KEY_PROVIDER=azure-key-vault"),
      );
    });

    it.each([
      "http://jams-prod.vault.azure.net/keys/client-secrets",
      "https://jams-prod.vault.azure.net/secrets/client-secrets",
      "https://jams-prod.vault.azure.net/keys/",
      "https://jams-prod.vault.azure.net/keys/client-secrets/v1/extra",
      "https://jams-prod.vault.azure.net/keys/client-secrets?version=1",
      "jams-prod.vault.azure.net/keys/client-secrets",
    ])("refuses the key identifier %s", (id) => {
      expect(() => loadConfig({ ...azure, AZURE_KEY_VAULT_KEY_ID: id })).toThrow(
        /^Invalid environment: AZURE_KEY_VAULT_KEY_ID: AZURE_KEY_VAULT_KEY_ID must be a Key Vault key identifier/,
      );
    });

    it("keeps keys still in the environment for opening secrets they sealed, never for sealing", () => {
      const [current, previous] = [key(), key()];
      const config = loadConfig({
        ...azure,
        AZURE_KEY_VAULT_KEY_ID: keyId,
        SSO_ENCRYPTION_KEY: current,
        SSO_ENCRYPTION_KEYS_PREVIOUS: previous,
      });
      const ids = [current, previous].map((value) => keyIdOf(Buffer.from(value, "base64")));
      expect([...config.ssoEncryptionKeys.keys.keys()].sort()).toEqual(ids.sort());
      expect(config.ssoEncryptionKeys.currentKeyId).toBe("");
    });
  });
});
