import { createHash, randomBytes } from "node:crypto";
import { Resolver } from "node:dns";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { databaseLocationOf } from "@jams/db";
import { z } from "zod";
import type { AppConfig, KeyProvider } from "./config.ts";

const positiveInt = (fallback: number) => z.coerce.number().int().min(1).default(fallback);
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** A Key Vault key identifier, `https://<vault>.vault.azure.net/keys/<name>[/<version>]` (any vault host: sovereign clouds differ). */
const keyVaultKeyId = z.string().refine((value) => {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  return url?.protocol === "https:" && /^\/keys\/[\w-]+(\/[\w-]+)?$/.test(url.pathname) && url.search === "" && url.hash === "";
}, "AZURE_KEY_VAULT_KEY_ID must be a Key Vault key identifier, https://<vault>.vault.azure.net/keys/<name>[/<version>]");

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).optional(),
  DATABASE_URL: z.string().min(1).default("./.data/jams.db"),
  DATABASE_POOL_MAX: positiveInt(10),
  PUBLIC_URL: z.url().optional(),
  JWT_SECRET: z.string().min(32, "JWT_SECRET must be at least 32 characters").optional(),
  SSO_ENCRYPTION_KEY: z
    .string()
    .refine((value) => Buffer.from(value, "base64").length === 32, "SSO_ENCRYPTION_KEY must be base64 of 32 bytes")
    .optional(),
  SSO_ENCRYPTION_KEYS_PREVIOUS: z
    .string()
    .refine(
      (value) => value.split(",").every((key) => Buffer.from(key.trim(), "base64").length === 32),
      "SSO_ENCRYPTION_KEYS_PREVIOUS must be comma-separated base64 keys of 32 bytes",
    )
    .optional(),
  SSO_KEY_PROVIDER: z.enum(["env", "azure-key-vault"]).default("env"),
  AZURE_KEY_VAULT_KEY_ID: keyVaultKeyId.optional(),
  SSO_ALLOW_INSECURE_ISSUERS: z.enum(["0", "1", "true", "false"]).optional(),
  WEB_DIST_DIR: z.string().optional(),
  TRUST_PROXY: z.enum(["0", "1", "true", "false"]).optional(),
  RATE_LIMIT_LOGIN_PER_IP: positiveInt(1000),
  RATE_LIMIT_LOGIN_FREE_FAILURES: positiveInt(5),
  RATE_LIMIT_LOOKUP_PER_IP: positiveInt(1200),
  RATE_LIMIT_SSO_START_PER_IP: positiveInt(1200),
  RATE_LIMIT_PER_ADDRESS_AND_EMAIL: positiveInt(20),
  RATE_LIMIT_SSO_START_PER_TENANT: positiveInt(6000),
  AUDIT_RETENTION_DAYS: positiveInt(365),
  SMTP_URL: z
    .string()
    .refine(
      (value) => URL.canParse(value) && ["smtp:", "smtps:"].includes(new URL(value).protocol),
      "SMTP_URL must be smtp://… or smtps://…",
    )
    .optional(),
  SMTP_FROM: z.string().min(3).max(320).optional(),
  DNS_SERVERS: z
    .string()
    .transform((value) =>
      value
        .split(",")
        .map((server) => server.trim())
        .filter((server) => server !== ""),
    )
    .refine(
      isServerList,
      "DNS_SERVERS must be comma-separated IP addresses, each with an optional port (1.1.1.1, 127.0.0.1:5353, [::1]:53)",
    )
    .optional(),
});

function isServerList(servers: string[]): boolean {
  try {
    new Resolver().setServers(servers);
    return true;
  } catch {
    return false;
  }
}

export class EnvError extends Error {
  override name = "EnvError";
}

/** The repository root: this file sits at apps/server/src/env.ts, and the bundle at apps/server/dist/main.mjs. */
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

/** Reads a development secret from `.data/`, generating it on first use. */
function readOrCreateDevSecret(dataDir: string, fileName: string, create: () => string): string {
  const path = join(dataDir, fileName);
  if (existsSync(path)) return readFileSync(path, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const value = create();
  writeFileSync(path, `${value}\n`, { mode: 0o600 });
  return value;
}

/** Key id of an encryption key: a short, non-reversible fingerprint, stored beside each ciphertext. */
export function keyIdOf(key: Uint8Array): string {
  return createHash("sha256").update(key).digest("base64url").slice(0, 8);
}

const base64Keys = (value: string | undefined) => (value ? value.split(",").map((key) => Buffer.from(key.trim(), "base64")) : []);

/** The current key plus retired ones (still able to open secrets sealed before a rotation), by key id. */
function keyRingOf(keys: Buffer[]): Map<string, Uint8Array> {
  return new Map(keys.reverse().map((key) => [keyIdOf(key), new Uint8Array(key)]));
}

function keyProviderOf(provider: "env" | "azure-key-vault", keyId: string | undefined): KeyProvider {
  if (provider === "env") return { kind: "env" };
  if (!keyId) throw new EnvError("AZURE_KEY_VAULT_KEY_ID is required when SSO_KEY_PROVIDER=azure-key-vault");
  return { kind: "azure-key-vault", keyId };
}

/**
 * Parses the process environment into an `AppConfig`. This is the only module that reads
 * `process.env`. In production a missing secret is an error naming the variable; in
 * development secrets are generated once into `.data/`.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new EnvError(`Invalid environment: ${issues.join("; ")}`);
  }
  const vars = parsed.data;
  const isProduction = vars.NODE_ENV === "production";
  const dataDir = join(repoRoot, ".data");
  const require = (name: "JWT_SECRET" | "SSO_ENCRYPTION_KEY", value: string | undefined, create: () => string) => {
    if (value) return value;
    if (isProduction) throw new EnvError(`${name} is required in production`);
    return readOrCreateDevSecret(dataDir, name.toLowerCase(), create);
  };
  const jwtSecret = require("JWT_SECRET", vars.JWT_SECRET, () => randomBytes(48).toString("base64url"));
  const keyProvider = keyProviderOf(vars.SSO_KEY_PROVIDER, vars.AZURE_KEY_VAULT_KEY_ID);
  // With Azure Key Vault the current data key seals (main.ts loads it); keys still in the environment only open what they sealed before the switch.
  const encryptionKey =
    keyProvider.kind === "env"
      ? Buffer.from(
          require("SSO_ENCRYPTION_KEY", vars.SSO_ENCRYPTION_KEY, () => randomBytes(32).toString("base64")),
          "base64",
        )
      : undefined;
  const keys = keyRingOf([
    ...(encryptionKey ? [encryptionKey] : base64Keys(vars.SSO_ENCRYPTION_KEY)),
    ...base64Keys(vars.SSO_ENCRYPTION_KEYS_PREVIOUS),
  ]);
  const insecureFlag = vars.SSO_ALLOW_INSECURE_ISSUERS;
  const allowInsecureIssuers = insecureFlag === "1" || insecureFlag === "true";
  return {
    isProduction,
    port: vars.PORT,
    host: vars.HOST ?? (isProduction ? "0.0.0.0" : "127.0.0.1"),
    database: databaseLocationOf(vars.DATABASE_URL, vars.DATABASE_URL.startsWith(".") ? repoRoot : process.cwd()),
    databasePoolMax: vars.DATABASE_POOL_MAX,
    publicUrl: (vars.PUBLIC_URL ?? `http://localhost:${vars.PORT}`).replace(/\/+$/, ""),
    jwtSecret: new TextEncoder().encode(jwtSecret),
    ssoEncryptionKeys: { currentKeyId: encryptionKey ? keyIdOf(encryptionKey) : "", keys },
    keyProvider,
    allowInsecureIssuers,
    rateLimits: {
      loginPerIp: { limit: vars.RATE_LIMIT_LOGIN_PER_IP, windowMs: 15 * MINUTE },
      loginPerAccount: { freeFailures: vars.RATE_LIMIT_LOGIN_FREE_FAILURES, baseDelayMs: 1000, maxDelayMs: 15 * MINUTE },
      lookupPerIp: { limit: vars.RATE_LIMIT_LOOKUP_PER_IP, windowMs: MINUTE },
      ssoStartPerIp: { limit: vars.RATE_LIMIT_SSO_START_PER_IP, windowMs: MINUTE },
      perAddressAndEmail: { limit: vars.RATE_LIMIT_PER_ADDRESS_AND_EMAIL, windowMs: MINUTE },
      ssoStartPerTenant: { limit: vars.RATE_LIMIT_SSO_START_PER_TENANT, windowMs: MINUTE },
      unauthenticatedAuditPerIp: { limit: 30, windowMs: MINUTE },
      outboundChecksPerTenant: { limit: 20, windowMs: 10 * MINUTE },
    },
    retention: { auditRetentionMs: vars.AUDIT_RETENTION_DAYS * DAY, rateLimitIdleMs: DAY },
    dnsServers: vars.DNS_SERVERS ?? [],
    smtp: vars.SMTP_URL
      ? { url: vars.SMTP_URL, from: vars.SMTP_FROM ?? `JAMS IMES <no-reply@${new URL(vars.PUBLIC_URL ?? "http://localhost").hostname}>` }
      : undefined,
    trustProxy: vars.TRUST_PROXY === "1" || vars.TRUST_PROXY === "true",
    docsDir: join(repoRoot, "docs"),
    webDistDir: vars.WEB_DIST_DIR ?? (isProduction ? join(repoRoot, "apps/web/dist") : undefined),
  };
}
