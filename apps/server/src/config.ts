import type { DatabaseLocation, RetentionPolicy } from "@jams/db";
import type { RateLimitRules } from "./abuse/abuse-guard.ts";
import type { KeyRing } from "./keys/key-ring.ts";

/** Where the key that seals client secrets lives (`SSO_KEY_PROVIDER`, SPEC §11). */
export type KeyProvider = { kind: "env" } | { kind: "azure-key-vault"; keyId: string };

/** Everything the server needs from its environment, already parsed and validated by `env.ts`. */
export interface AppConfig {
  isProduction: boolean;
  port: number;
  host: string;
  /** A SQLite file or a PostgreSQL server (`DATABASE_URL`). */
  database: DatabaseLocation;
  /** PostgreSQL connections per process (`DATABASE_POOL_MAX`). */
  databasePoolMax: number;
  /** External origin of the app, e.g. `https://app.example.com`; the Redirect URI hangs off it. */
  publicUrl: string;
  jwtSecret: Uint8Array;
  /**
   * AES-256 keys for client secrets by key id; `currentKeyId` seals, every listed key opens. With
   * Azure Key Vault, env.ts gives only keys still set in the environment (no current one) and
   * main.ts replaces the ring with the unwrapped data keys.
   */
  ssoEncryptionKeys: KeyRing;
  keyProvider: KeyProvider;
  /** Allows `http://` issuers and issuers on loopback/private addresses (development only). */
  allowInsecureIssuers: boolean;
  rateLimits: RateLimitRules;
  /** How long audit events and idle limit counters are kept (`AUDIT_RETENTION_DAYS`). */
  retention: RetentionPolicy;
  /** Where invitations are mailed from (`SMTP_URL`, `SMTP_FROM`); absent: admins copy links. */
  smtp: { url: string; from: string } | undefined;
  /** Resolvers for domain verification's TXT lookups (`DNS_SERVERS`); empty: the system's. */
  dnsServers: string[];
  /** Behind a reverse proxy: take the client address from the last `X-Forwarded-For` hop. */
  trustProxy: boolean;
  /** The guides served at `/docs/sso/*` and `/docs/scim/*`. */
  docsDir: string;
  /** Directory of the built SPA served in production; absent in development. */
  webDistDir?: string | undefined;
}
