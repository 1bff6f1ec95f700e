import type { DatabaseLocation, RetentionPolicy } from "@jams/db";
import type { RateLimitRules } from "./abuse/abuse-guard.ts";

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
  /** AES-256 keys for client secrets by key id; `currentKeyId` seals, every listed key opens. */
  ssoEncryptionKeys: { currentKeyId: string; keys: Map<string, Uint8Array> };
  /** Allows `http://` issuers and issuers on loopback/private addresses (development only). */
  allowInsecureIssuers: boolean;
  rateLimits: RateLimitRules;
  /** How long audit events and idle limit counters are kept (`AUDIT_RETENTION_DAYS`). */
  retention: RetentionPolicy;
  /** Resolvers for domain verification's TXT lookups (`DNS_SERVERS`); empty: the system's. */
  dnsServers: string[];
  /** Behind a reverse proxy: take the client address from the last `X-Forwarded-For` hop. */
  trustProxy: boolean;
  /** The guides served at `/docs/sso/*` and `/docs/scim/*`. */
  docsDir: string;
  /** Directory of the built SPA served in production; absent in development. */
  webDistDir?: string | undefined;
}
