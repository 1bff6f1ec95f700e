import { randomBytes } from "node:crypto";
import { driveBrowserlessLogin, type LocalIdp } from "@jams/local-idp";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../env.ts";
import { beginSso, finishSso, redeemSso, ssoTenant, startIdpFor } from "../test-support/sso-harness.ts";
import { createTestApp, DEFAULT_PASSWORD, signUpWorkspace, type TestApp } from "../test-support/test-app.ts";

let t: TestApp;
let idp: LocalIdp | undefined;
afterEach(async () => {
  await idp?.close();
  idp = undefined;
  await t.close();
});

/** The limits a server gets when nobody tunes them. */
const defaultRateLimits = () =>
  loadConfig({ NODE_ENV: "production", JWT_SECRET: "j".repeat(40), SSO_ENCRYPTION_KEY: randomBytes(32).toString("base64") }).rateLimits;

const OFFICE = "198.51.100.20";
const fromOffice = { "x-forwarded-for": OFFICE, "sec-fetch-site": "same-origin" };
const lookupStatus = async (email: string) =>
  (await t.app.request(`/trpc/auth.lookup?input=${encodeURIComponent(JSON.stringify({ email }))}`, { headers: fromOffice })).status;

describe("per-address limits do not lock out an office behind one NAT", () => {
  it("300 people of one workspace complete SSO sign-in from one address within a minute, with the default limits", async () => {
    const minute = Date.now();
    t = await createTestApp({ rateLimits: defaultRateLimits(), trustProxy: true }, { now: () => minute });
    const people = Array.from({ length: 300 }, (_, index) => ({ email: `person-${index}@acme.com` }));
    idp = await startIdpFor(t, [{ email: "admin@acme.com" }, ...people]);
    const admin = await ssoTenant(t, idp);
    for (const person of people) await t.mutate("team.invite", { email: person.email, role: "member" }, admin);

    const signIn = async (email: string) => {
      expect(await lookupStatus(email)).toBe(200);
      const start = await t.app.request(`/auth/sso/start?${new URLSearchParams({ email })}`, { headers: fromOffice });
      expect(start.status).toBe(302);
      const startCookie = start.headers.get("set-cookie")?.split(";")[0] ?? "";
      const callback = await driveBrowserlessLogin(start.headers.get("location") ?? "", email);
      return (await redeemSso(t, await finishSso(t, callback, startCookie))).status;
    };
    const statuses: number[] = [];
    for (let next = 0; next < people.length; next += 10) {
      statuses.push(...(await Promise.all(people.slice(next, next + 10).map((person) => signIn(person.email)))));
    }
    expect(statuses.filter((status) => status === 200)).toHaveLength(300);
  }, 180_000);

  it("still slows one address hammering one email: lookups and SSO starts per (address, email)", async () => {
    t = await createTestApp({ rateLimits: defaultRateLimits(), trustProxy: true });
    const lookups: number[] = [];
    for (let attempt = 0; attempt < 21; attempt++) lookups.push(await lookupStatus("ceo@acme.com"));
    expect(lookups.slice(0, 20).every((status) => status === 200)).toBe(true);
    expect(lookups[20]).toBe(429);
    expect(await lookupStatus("cfo@acme.com")).toBe(200);
    const starts: number[] = [];
    for (let attempt = 0; attempt < 21; attempt++) {
      starts.push((await t.app.request(`/auth/sso/start?email=ceo@acme.com`, { headers: fromOffice })).status);
    }
    expect(starts[20]).toBe(429);
  });

  it("counts a tenant's SSO starts against its allowance", async () => {
    t = await createTestApp({
      trustProxy: true,
      rateLimits: { ...defaultRateLimits(), ssoStartPerTenant: { limit: 3, windowMs: 60_000 } },
    });
    idp = await startIdpFor(t, [{ email: "admin@acme.com" }]);
    await ssoTenant(t, idp);
    const statuses = [];
    for (let attempt = 0; attempt < 4; attempt++) statuses.push((await beginSso(t, "admin@acme.com")).response.status);
    expect(statuses).toEqual([302, 302, 302, 429]);
  });
});

describe("password guesses sent together", () => {
  it("get no more tries than guesses sent one by one: the attempt is counted before the password is checked", async () => {
    t = await createTestApp({
      trustProxy: true,
      rateLimits: { ...defaultRateLimits(), loginPerAccount: { freeFailures: 3, baseDelayMs: 60_000, maxDelayMs: 60_000 } },
    });
    await signUpWorkspace(t, "ann@acme.com");
    const guess = () =>
      t.app.request("/trpc/auth.passwordLogin", {
        method: "POST",
        headers: { "content-type": "application/json", ...fromOffice },
        body: JSON.stringify({ email: "ann@acme.com", password: "wrong password" }),
      });
    const statuses = (await Promise.all(Array.from({ length: 40 }, guess))).map((response) => response.status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(4);
    expect(statuses.filter((status) => status === 429)).toHaveLength(36);
    const correct = await t.mutate("auth.passwordLogin", { email: "ann@acme.com", password: DEFAULT_PASSWORD });
    expect(correct.status).toBe(429);
  });
});

describe("IPv6 clients", () => {
  it("share one per-address budget across a /64, and the next /64 has its own", async () => {
    t = await createTestApp({ trustProxy: true, rateLimits: { ...defaultRateLimits(), loginPerIp: { limit: 3, windowMs: 60_000 } } });
    const attempt = (address: string) =>
      t.app.request("/trpc/auth.passwordLogin", {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": address },
        body: JSON.stringify({ email: `someone-${address}@acme.com`, password: "wrong password" }),
      });
    const sameNetwork = ["2001:db8:0:1::1", "2001:db8:0:1::2", "2001:db8:0:1:ffff::3", "2001:db8:0:1::4"];
    const statuses = [];
    for (const address of sameNetwork) statuses.push((await attempt(address)).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    expect((await attempt("2001:db8:0:2::1")).status).toBe(401);
  });
});
