import { describeSignInFailure } from "@jams/contracts";
import { driveBrowserlessLogin, type LocalIdp } from "@jams/local-idp";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { beginSso, CLIENT_SECRET, finishSso, handoffCodeOf, redeemSso, ssoTenant, startIdpFor } from "../test-support/sso-harness.ts";
import { createTestApp, inviteAndAccept, signUpWorkspace, TEST_RATE_LIMITS, type TestApp } from "../test-support/test-app.ts";

let t: TestApp;
let idp: LocalIdp;
beforeEach(async () => {
  t = await createTestApp();
  idp = await startIdpFor(t, [{ email: "admin@acme.com" }, { email: "stranger@acme.com", sub: "stranger-sub" }]);
});
afterEach(async () => {
  await idp.close();
  await t.close();
});

interface AuditRow {
  type: string;
  method: string | null;
  code: string | null;
  email: string | null;
  idpSubject: string | null;
  actorEmail: string | null;
  details: Record<string, unknown>;
}

async function ssoAttempt(idpEmail: string) {
  const start = await beginSso(t, "admin@acme.com");
  return finishSso(t, await driveBrowserlessLogin(start.location.toString(), idpEmail), start.cookie);
}

describe("audit trail and Sign-in activity", () => {
  it("records a journey: config change, sign-ins by both methods, failures with their codes, enforcement", async () => {
    await ssoTenant(t, idp);
    await t.mutate("auth.passwordLogin", { email: "admin@acme.com", password: "not the password" });
    expect(handoffCodeOf((await ssoAttempt("stranger@acme.com")).location)).toBeNull();
    const ssoAdmin = (await redeemSso(t, await ssoAttempt("admin@acme.com"))).data.token;
    await t.mutate("sso.setEnforced", { enforce: true }, ssoAdmin);
    await t.mutate(
      "sso.save",
      { displayName: "Renamed", issuer: idp.issuer, clientId: "jams-imes-test", clientSecret: CLIENT_SECRET },
      ssoAdmin,
    );

    const { data } = await t.query<{ events: AuditRow[] }>("audit.list", undefined, ssoAdmin);
    const summary = data.events.map((event) => [event.type, event.method, event.code]).reverse();
    expect(summary).toEqual([
      ["workspace.created", null, null],
      ["sso.config.saved", null, null],
      ["signin.failure", "pwd", "wrong_password"],
      ["signin.failure", "sso", "user_not_provisioned"],
      ["signin.success", "sso", null],
      ["sso.enforce.changed", null, null],
      ["sso.config.saved", null, null],
    ]);
    const notProvisioned = data.events.find((event) => event.code === "user_not_provisioned");
    expect(notProvisioned).toMatchObject({ email: "stranger@acme.com", idpSubject: "stranger-sub" });
    expect(describeSignInFailure(notProvisioned?.code ?? "")?.fix).toMatch(/invite/i);
    expect(data.events[0]).toMatchObject({ actorEmail: "admin@acme.com", details: { changedFields: ["displayName", "clientSecret"] } });
    expect(JSON.stringify(data)).not.toContain(CLIENT_SECRET);
  });

  it("shows each tenant only its own events, and only to admins", async () => {
    const acme = await signUpWorkspace(t, "admin@acme.com", "Acme");
    const { token: member } = await inviteAndAccept(t, acme, "mo@acme.com");
    const globex = await signUpWorkspace(t, "bob@globex.com", "Globex");
    const globexEvents = await t.query<{ events: AuditRow[] }>("audit.list", undefined, globex);
    expect(globexEvents.data.events.map((event) => event.email)).toEqual(["bob@globex.com"]);
    expect((await t.query("audit.list", undefined, member)).status).toBe(403);
  });
});

describe("Sign-in activity under a flood of forged callbacks", () => {
  const forgedCallback = (cookie: string) => t.app.request("/auth/sso/callback?state=forged&code=forged", { headers: { cookie } });

  it("counts 300 identical failures on one row, so the admin's own change stays on the first page", async () => {
    const admin = await ssoTenant(t, idp);
    const { cookie } = await beginSso(t, "admin@acme.com");
    for (let attempt = 0; attempt < 300; attempt++) await forgedCallback(cookie);
    const { data } = await t.query<{ events: Array<AuditRow & { repeatCount: number }> }>("audit.list", undefined, admin);
    const failures = data.events.filter((event) => event.type === "signin.failure");
    expect(failures.map((event) => [event.code, event.repeatCount])).toEqual([["sso_state_invalid", 300]]);
    expect(data.events.map((event) => event.type)).toContain("sso.config.saved");
    expect(await t.sql("select id from audit_events where type = 'signin.failure'")).toHaveLength(1);
  });

  it("writes at most a few rows per address without sign-in; the rest are only logged", async () => {
    await t.close();
    t = await createTestApp({ rateLimits: { ...TEST_RATE_LIMITS, unauthenticatedAuditPerIp: { limit: 3, windowMs: 60_000 } } });
    await idp.close();
    idp = await startIdpFor(t, [{ email: "admin@acme.com" }]);
    await ssoTenant(t, idp);
    const { cookie } = await beginSso(t, "admin@acme.com");
    for (let attempt = 0; attempt < 5; attempt++) await forgedCallback(cookie);
    expect(await t.sql<{ repeat_count: number }>("select repeat_count from audit_events where type = 'signin.failure'")).toEqual([
      { repeat_count: 3 },
    ]);
    expect(t.logs.filter((line) => line.includes('"event":"sso.failure_not_audited"'))).toHaveLength(2);
  });

  it("pages through older events and filters by kind", async () => {
    const admin = await signUpWorkspace(t, "admin@acme.com", "Acme");
    for (let index = 0; index < 60; index++) await t.mutate("team.invite", { email: `p${index}@acme.com`, role: "member" }, admin);
    await t.mutate("auth.passwordLogin", { email: "admin@acme.com", password: "wrong password" });
    const first = await t.query<{ events: AuditRow[]; nextCursor?: number }>("audit.list", { limit: 50 }, admin);
    expect(first.data.events).toHaveLength(50);
    const second = await t.query<{ events: AuditRow[]; nextCursor?: number }>(
      "audit.list",
      { limit: 50, cursor: first.data.nextCursor },
      admin,
    );
    expect(second.data.events).toHaveLength(12);
    expect(second.data.nextCursor).toBeUndefined();
    expect(new Set([...first.data.events, ...second.data.events].map((event) => JSON.stringify(event))).size).toBe(62);
    const failures = await t.query<{ events: AuditRow[] }>("audit.list", { category: "failures" }, admin);
    expect(failures.data.events.map((event) => event.code)).toEqual(["wrong_password"]);
    const changes = await t.query<{ events: AuditRow[] }>("audit.list", { category: "changes", limit: 200 }, admin);
    expect(changes.data.events.every((event) => !event.type.startsWith("signin."))).toBe(true);
    expect(changes.data.events).toHaveLength(61);
  });
});
