import { openStore } from "@jams/db";
import { holdWriteLock } from "@jams/db/test-support";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createApp } from "../app.ts";
import type { AppConfig } from "../config.ts";
import { createDeps } from "../deps.ts";
import { createJsonLogger } from "../logger.ts";
import { createTestApp, DEFAULT_PASSWORD, signUpWorkspace, TEST_RATE_LIMITS, type TestApp } from "../test-support/test-app.ts";
import { SYNC_INTERVAL_MS } from "./batched-window-counter.ts";

const MINUTE = 60_000;
let clock = 1_800_000_000_000;
const now = () => clock;
let t: TestApp;
afterEach(async () => t?.close());

function appWithLimits(rules: Partial<AppConfig["rateLimits"]>, extra: Partial<AppConfig> = {}) {
  return createTestApp({ rateLimits: { ...TEST_RATE_LIMITS, ...rules }, ...extra }, { now });
}

const login = (email: string, password: string, ip = "203.0.113.7") =>
  t.app.request("/trpc/auth.passwordLogin", {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": ip },
    body: JSON.stringify({ email, password }),
  });

describe("password sign-in per account: growing delay after repeated failures", () => {
  it("holds the account back 1 s, then 2 s, answering 429 with Retry-After, and a success resets it", async () => {
    t = await appWithLimits({ loginPerAccount: { freeFailures: 3, baseDelayMs: 1000, maxDelayMs: 15 * MINUTE } }, { trustProxy: true });
    await signUpWorkspace(t, "ann@acme.com");
    for (let attempt = 0; attempt < 4; attempt++) expect((await login("ann@acme.com", "wrong password")).status).toBe(401);
    const held = await login("ann@acme.com", DEFAULT_PASSWORD);
    expect(held.status).toBe(429);
    expect(held.headers.get("retry-after")).toBe("1");
    expect(((await held.json()) as { error: { message: string } }).error.message).toBe("Too many attempts. Try again in 1 second.");
    clock += 1000;
    expect((await login("ann@acme.com", "wrong password")).status).toBe(401);
    const longer = await login("ann@acme.com", DEFAULT_PASSWORD);
    expect(longer.headers.get("retry-after")).toBe("2");
    clock += 2000;
    expect((await login("ANN@acme.com", DEFAULT_PASSWORD)).status).toBe(200);
    expect((await login("ann@acme.com", "wrong password")).status).toBe(401);
    expect((await login("ann@acme.com", "wrong password")).status).toBe(401);
  });

  it("treats an unknown email exactly like a known one (no enumeration through the limit)", async () => {
    t = await appWithLimits({ loginPerAccount: { freeFailures: 1, baseDelayMs: 1000, maxDelayMs: MINUTE } }, { trustProxy: true });
    await signUpWorkspace(t, "ann@acme.com");
    const statuses = async (email: string) => [
      (await login(email, "wrong password")).status,
      (await login(email, "wrong password")).status,
      (await login(email, "wrong password")).status,
    ];
    expect(await statuses("ann@acme.com")).toEqual([401, 401, 429]);
    expect(await statuses("nobody@acme.com")).toEqual([401, 401, 429]);
  });
});

describe("password sign-in per client address", () => {
  it("refuses the address past its window's limit, leaves other addresses alone, and resets with the window", async () => {
    t = await appWithLimits({ loginPerIp: { limit: 3, windowMs: 15 * MINUTE } }, { trustProxy: true });
    await signUpWorkspace(t, "ann@acme.com");
    for (let attempt = 0; attempt < 3; attempt++) expect((await login(`user${attempt}@acme.com`, "x")).status).toBe(401);
    const refused = await login("ann@acme.com", DEFAULT_PASSWORD);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("900");
    expect((await login("ann@acme.com", DEFAULT_PASSWORD, "198.51.100.9")).status).toBe(200);
    clock += 15 * MINUTE;
    expect((await login("ann@acme.com", DEFAULT_PASSWORD)).status).toBe(200);
  });
});

describe("behind a reverse proxy (TRUST_PROXY=1)", () => {
  it("keys the limit on the last X-Forwarded-For hop (the proxy's view), so a client varying the first hop it writes gains nothing", async () => {
    t = await appWithLimits({ loginPerIp: { limit: 3, windowMs: 15 * MINUTE } }, { trustProxy: true });
    await signUpWorkspace(t, "ann@acme.com");
    const spoofed = (attempt: number) => `10.${attempt}.0.1, 198.51.100.${attempt}, 203.0.113.7`;
    for (let attempt = 0; attempt < 3; attempt++) expect((await login(`user${attempt}@acme.com`, "x", spoofed(attempt))).status).toBe(401);
    expect((await login("ann@acme.com", DEFAULT_PASSWORD, spoofed(3))).status).toBe(429);
    expect((await login("ann@acme.com", DEFAULT_PASSWORD, "10.9.9.9, 198.51.100.20")).status).toBe(200);
  });
});

describe("account creation per client address", () => {
  it("counts signups and invitation acceptances against the address's password budget", async () => {
    t = await appWithLimits({ loginPerIp: { limit: 2, windowMs: 15 * MINUTE } });
    const signup = (email: string) => t.mutate("auth.signup", { workspaceName: "W", name: "N", email, password: DEFAULT_PASSWORD });
    expect((await signup("a@acme.com")).status).toBe(200);
    expect((await signup("b@acme.com")).status).toBe(200);
    const refused = await signup("c@acme.com");
    expect(refused.status).toBe(429);
    expect(refused.error?.data.retryAfterSeconds).toBe(900);
  });
});

describe("auth.lookup and /auth/sso/start per client address", () => {
  it("answers auth.lookup with 429 past the limit", async () => {
    t = await appWithLimits({ lookupPerIp: { limit: 2, windowMs: MINUTE } });
    const statuses = [];
    for (let attempt = 0; attempt < 3; attempt++) statuses.push((await t.query("auth.lookup", { email: "a@acme.com" })).status);
    expect(statuses).toEqual([200, 200, 429]);
  });

  it("answers /auth/sso/start with a 429 page and Retry-After past the limit", async () => {
    t = await appWithLimits({ ssoStartPerIp: { limit: 2, windowMs: MINUTE } });
    const statuses = [];
    let last: Response | undefined;
    for (let attempt = 0; attempt < 3; attempt++) {
      last = await t.app.request("/auth/sso/start?email=a@acme.com", { headers: { "sec-fetch-site": "same-origin" } });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([302, 302, 429]);
    expect(last?.headers.get("retry-after")).toBe("60");
    expect(await last?.text()).toContain("Too many sign-in attempts");
  });
});

describe("limits live in the database", () => {
  // The background write runs on the test's schedule, not whenever a slow machine lets 100 ms pass.
  beforeEach(() => vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] }));
  afterEach(() => vi.useRealTimers());
  /** Another server process on the same database; `stop` is its graceful shutdown. */
  const secondProcess = async () => {
    const store = await openStore(t.config.database, { poolMax: 2 });
    const deps = createDeps(
      t.config,
      store,
      createJsonLogger(() => undefined),
      { now },
    );
    return {
      app: createApp(deps),
      stop: async () => {
        await deps.abuse.close();
        await store.close();
      },
    };
  };
  const lookup = (app: { request: TestApp["app"]["request"] }) =>
    app.request(`/trpc/auth.lookup?input=${encodeURIComponent(JSON.stringify({ email: "a@acme.com" }))}`);
  const storedCount = async (key: string) =>
    (await t.sql<{ count: number }>("select count from rate_limits where key = ?", key))[0]?.count ?? 0;

  it("hold across two server processes sharing it and survive a restart", async () => {
    t = await appWithLimits({ lookupPerIp: { limit: 3, windowMs: MINUTE } });
    const other = await secondProcess();
    expect((await lookup(t.app)).status).toBe(200);
    expect((await lookup(other.app)).status).toBe(200);
    await other.stop();
    const restarted = await secondProcess();
    expect((await lookup(restarted.app)).status).toBe(200);
    expect((await lookup(restarted.app)).status).toBe(429);
    clock += SYNC_INTERVAL_MS;
    expect((await lookup(t.app)).status).toBe(429);
    await restarted.stop();
  });

  it("writes a burst of lookups from one address in batches, and every hit reaches the database", async () => {
    t = await appWithLimits({ lookupPerIp: { limit: 1000, windowMs: MINUTE } });
    for (let attempt = 0; attempt < 50; attempt++) expect((await lookup(t.app)).status).toBe(200);
    expect(await storedCount("lookup:ip:unknown")).toBe(1);
    await vi.advanceTimersByTimeAsync(SYNC_INTERVAL_MS);
    await t.deps.abuse.settled();
    expect(await storedCount("lookup:ip:unknown")).toBe(50);
    expect((await lookup(t.app)).status).toBe(200);
    await t.deps.abuse.close();
    expect(await storedCount("lookup:ip:unknown")).toBe(51);
  });

  it("survives a failed background write (database locked): reports it and keeps the hits for the next write", async () => {
    t = await appWithLimits({ lookupPerIp: { limit: 1000, windowMs: MINUTE } });
    for (let attempt = 0; attempt < 5; attempt++) expect((await lookup(t.app)).status).toBe(200);
    const lock = await holdWriteLock(t.store, t.config.database, "rate_limits");
    await expect(t.deps.abuse.close()).resolves.toBeUndefined();
    expect(t.logs.filter((line) => line.includes('"event":"abuse.flush_failed"'))).toHaveLength(1);
    await lock.release();
    expect(await storedCount("lookup:ip:unknown")).toBe(1);
    await t.deps.abuse.close();
    expect(await storedCount("lookup:ip:unknown")).toBe(5);
  });

  it("sees the hits a stopped process held, and refuses past the shared limit", async () => {
    t = await appWithLimits({ lookupPerIp: { limit: 5, windowMs: MINUTE } });
    const other = await secondProcess();
    for (let attempt = 0; attempt < 4; attempt++) expect((await lookup(other.app)).status).toBe(200);
    await other.stop();
    expect((await lookup(t.app)).status).toBe(200);
    expect((await lookup(t.app)).status).toBe(429);
  });
});
