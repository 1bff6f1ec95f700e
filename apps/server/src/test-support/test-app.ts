import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { type DatabaseLocation, openStore } from "@jams/db";
import { createTestDatabase, sqlOf } from "@jams/db/test-support";
import { createApp } from "../app.ts";
import type { AppConfig } from "../config.ts";
import { createDeps, type DepsOverrides } from "../deps.ts";
import { keyIdOf } from "../env.ts";
import { createJsonLogger } from "../logger.ts";

export interface TrpcAnswer<T = unknown> {
  status: number;
  data: T;
  error?: {
    message: string;
    data: { code: string; httpStatus: number; fieldErrors?: Record<string, string[]>; reason?: string; retryAfterSeconds?: number };
  };
}

/** Abuse limits high enough never to trigger, unless a test lowers one of them. */
export const TEST_RATE_LIMITS: AppConfig["rateLimits"] = {
  loginPerIp: { limit: 1000, windowMs: 15 * 60_000 },
  loginPerAccount: { freeFailures: 1000, baseDelayMs: 1000, maxDelayMs: 15 * 60_000 },
  lookupPerIp: { limit: 1000, windowMs: 60_000 },
  ssoStartPerIp: { limit: 1000, windowMs: 60_000 },
  perAddressAndEmail: { limit: 1000, windowMs: 60_000 },
  ssoStartPerTenant: { limit: 1000, windowMs: 60_000 },
  unauthenticatedAuditPerIp: { limit: 1000, windowMs: 60_000 },
  outboundChecksPerTenant: { limit: 1000, windowMs: 60_000 },
};

/** A config like production's, with fresh secrets, for a server under test. */
export function testConfig(database: DatabaseLocation, overrides: Partial<AppConfig> = {}): AppConfig {
  const encryptionKey = new Uint8Array(randomBytes(32));
  const keyId = keyIdOf(encryptionKey);
  return {
    isProduction: false,
    port: 0,
    host: "127.0.0.1",
    database,
    databasePoolMax: 4,
    publicUrl: "http://localhost:3000",
    jwtSecret: new Uint8Array(randomBytes(32)),
    ssoEncryptionKeys: { currentKeyId: keyId, keys: new Map([[keyId, encryptionKey]]) },
    keyProvider: { kind: "env" },
    allowInsecureIssuers: true,
    rateLimits: TEST_RATE_LIMITS,
    retention: { auditRetentionMs: 365 * 24 * 60 * 60_000, rateLimitIdleMs: 24 * 60 * 60_000 },
    dnsServers: [],
    smtp: undefined,
    trustProxy: false,
    docsDir: fileURLToPath(new URL("../../../../docs", import.meta.url)),
    ...overrides,
  };
}

/**
 * A real app on a fresh, migrated database of this run's dialect (SQLite by default, PostgreSQL
 * in `npm test`'s second pass), called in-process through `app.request`. Every log line is
 * captured in `logs`.
 */
export async function createTestApp(overrides: Partial<AppConfig> = {}, depsOverrides: DepsOverrides = {}) {
  const database = await createTestDatabase();
  const config = testConfig(database.location, overrides);
  const store = await openStore(config.database, { poolMax: config.databasePoolMax });
  const logs: string[] = [];
  const deps = createDeps(
    config,
    store,
    createJsonLogger((line) => logs.push(line)),
    depsOverrides,
  );
  const app = createApp(deps);

  const call = async <T>(method: "GET" | "POST", path: string, input: unknown, token?: string, cookie?: string): Promise<TrpcAnswer<T>> => {
    const headers: Record<string, string> = { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(cookie ? { cookie } : {}) };
    const url =
      method === "GET" && input !== undefined ? `/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}` : `/trpc/${path}`;
    const response = await app.request(url, {
      method,
      headers: method === "POST" ? { ...headers, "content-type": "application/json" } : headers,
      ...(method === "POST" && input !== undefined ? { body: JSON.stringify(input) } : {}),
    });
    const body = (await response.json()) as { result?: { data: T }; error?: TrpcAnswer["error"] };
    return { status: response.status, data: body.result?.data as T, ...(body.error ? { error: body.error } : {}) };
  };

  return {
    app,
    deps,
    store,
    /** Runs a query on the app's database: `await t.sql("select * from users")`. */
    sql: sqlOf(store),
    /** The user an email belongs to, straight from the store. */
    user: (email: string) => store.accounts.findUserByEmail(email),
    config,
    logs,
    query: <T = unknown>(path: string, input?: unknown, token?: string) => call<T>("GET", path, input, token),
    mutate: <T = unknown>(path: string, input?: unknown, token?: string, cookie?: string) => call<T>("POST", path, input, token, cookie),
    close: async () => {
      await deps.abuse.close();
      await store.close();
      await database.drop();
    },
  };
}

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

export const DEFAULT_PASSWORD = "correct horse battery staple";

/** Signs up a workspace through the API and returns its admin's token. */
export async function signUpWorkspace(t: TestApp, email: string, workspaceName = "Acme") {
  const answer = await t.mutate<{ token: string }>("auth.signup", { workspaceName, name: "Ada Admin", email, password: DEFAULT_PASSWORD });
  if (!answer.data?.token) throw new Error(`signup failed: ${JSON.stringify(answer.error)}`);
  return answer.data.token;
}

/** Invites an email and accepts the invitation with a password; returns the member's token and invite URL. */
export async function inviteAndAccept(t: TestApp, adminToken: string, email: string, role: "admin" | "member" = "member") {
  const invite = await t.mutate<{ inviteUrl: string }>("team.invite", { email, role }, adminToken);
  if (!invite.data) throw new Error(`invite failed: ${JSON.stringify(invite.error)}`);
  const inviteToken = new URL(invite.data.inviteUrl).pathname.split("/").pop() as string;
  const accepted = await t.mutate<{ token: string }>(
    "invites.accept",
    { token: inviteToken, name: "Mo Member", password: DEFAULT_PASSWORD },
    undefined,
  );
  if (!accepted.data?.token) throw new Error(`accept failed: ${JSON.stringify(accepted.error)}`);
  return { token: accepted.data.token, inviteToken };
}
