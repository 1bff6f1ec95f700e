import { driveBrowserlessLogin, type LocalIdp } from "@jams/local-idp";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { startHostileIdp } from "../test-support/hostile-idp.ts";
import {
  CLIENT_ID,
  CLIENT_SECRET,
  finishSso,
  postTestTicket,
  saveSso,
  ssoTenant,
  startIdpFor,
  startTestSignIn,
} from "../test-support/sso-harness.ts";
import { createTestApp, inviteAndAccept, type TestApp } from "../test-support/test-app.ts";

interface Settings {
  config: {
    canEnforce: boolean;
    enforceBlocker: string | null;
    enforce: boolean;
    lastTest: null | {
      byEmail: string;
      outcome: string;
      claims: { email: string | null; emailVerified: boolean | null; sub: string | null; name: string | null } | null;
      help: { explanation: string; fix: string } | null;
    };
  };
}

let t: TestApp;
let idp: LocalIdp;
let admin: string;
beforeEach(async () => {
  t = await createTestApp();
  idp = await startIdpFor(t, [{ email: "admin@acme.com", name: "Ada Admin", emailVerified: true }, { email: "mo@acme.com" }]);
  admin = await ssoTenant(t, idp);
});
afterEach(async () => {
  vi.useRealTimers();
  await idp.close();
  await t.close();
});

const settings = async () => (await t.query<Settings>("sso.get", undefined, admin)).data.config;
const handoffsAndSessions = async () => [await t.sql("select * from sso_handoffs"), await t.sql("select id from sessions order by id")];

/** Runs Test sign-in through the real local IdP as `email`; returns where the window ended. */
async function testSignInAs(email: string) {
  const started = await startTestSignIn(t, admin);
  if (!started.authorizationUrl) throw new Error("no refresh to the IdP");
  const callback = await driveBrowserlessLogin(started.authorizationUrl.toString(), email);
  return finishSso(t, callback, started.cookie);
}

describe("Test sign-in", () => {
  it("runs the real flow in its own window, shows what the IdP returned, and signs nobody in or out", async () => {
    expect(await settings()).toMatchObject({ lastTest: null, canEnforce: false });
    expect((await settings()).enforceBlocker).toMatch(/^Run Test sign-in first/);
    const before = await handoffsAndSessions();

    const done = await testSignInAs("admin@acme.com");
    expect(done.location.toString()).toBe(`${t.config.publicUrl}/integrations/sso/test-result`);
    expect(done.binder).toBe("");
    expect(await handoffsAndSessions()).toEqual(before);
    expect((await t.query("auth.me", undefined, admin)).status).toBe(200);

    const after = await settings();
    expect(after.lastTest).toMatchObject({
      byEmail: "admin@acme.com",
      outcome: "success",
      claims: { email: "admin@acme.com", emailVerified: true, sub: expect.any(String), name: "Ada Admin" },
      help: null,
    });
    expect(JSON.stringify(after.lastTest)).not.toMatch(/eyJ/);
    expect([after.canEnforce, after.enforceBlocker]).toEqual([true, null]);
    const trail = await t.query<{ events: Array<{ type: string }> }>("audit.list", { category: "changes" }, admin);
    expect(trail.data.events[0]?.type).toBe("sso.test");
  });

  it("unlocks Enforce SSO for an admin signed in by password; without a successful test it is refused with its reason", async () => {
    const refused = await t.mutate("sso.setEnforced", { enforce: true }, admin);
    expect([refused.status, refused.error?.data.reason]).toEqual([403, "sso_test_required"]);
    expect(refused.error?.message).toMatch(/^Run Test sign-in first/);
    await testSignInAs("admin@acme.com");
    const enforced = await t.mutate<Settings>("sso.setEnforced", { enforce: true }, admin);
    expect(enforced.data.config.enforce).toBe(true);
  });

  it("reports the IdP signing in someone else as such, and it does not unlock enforcement", async () => {
    await testSignInAs("mo@acme.com");
    const after = await settings();
    expect(after.lastTest).toMatchObject({ outcome: "other_user", claims: { email: "mo@acme.com" } });
    expect(after.lastTest?.help?.explanation).toBe("The identity provider signed in someone else, not you (admin@acme.com).");
    expect(after.canEnforce).toBe(false);
    expect(after.enforceBlocker).toMatch(/^The last Test sign-in did not succeed/);
  });

  it("records a failing IdP's error code with its fix (a wrong client secret → sso_idp_rejected)", async () => {
    const hostile = await startHostileIdp(CLIENT_ID, {
      tokenResponse: (_base, res) => void res.writeHead(401, { "content-type": "application/json" }).end('{"error":"invalid_client"}'),
    });
    try {
      expect((await saveSso(t, admin, idp, { issuer: hostile.issuer, clientSecret: "wrong" })).status).toBe(200);
      hostile.signInAs("admin@acme.com");
      const started = await startTestSignIn(t, admin);
      const atIdp = await fetch(started.authorizationUrl as URL, { redirect: "manual" });
      const done = await finishSso(t, new URL(atIdp.headers.get("location") ?? ""), started.cookie);
      expect(done.location.pathname).toBe("/integrations/sso/test-result");
      const after = await settings();
      expect(after.lastTest).toMatchObject({ outcome: "sso_idp_rejected", help: { fix: expect.stringContaining("Client Secret") } });
      expect(JSON.stringify(after.lastTest)).not.toContain("wrong");
    } finally {
      await hostile.close();
    }
  });

  it("is forgotten when the settings change: a test of the old IdP unlocks nothing", async () => {
    await testSignInAs("admin@acme.com");
    await saveSso(t, admin, idp, { clientSecret: CLIENT_SECRET });
    expect(await settings()).toMatchObject({ lastTest: null, canEnforce: false });
  });

  it("takes a ticket once, only within two minutes, only as posted by our own page, and only from an admin's session", async () => {
    const first = await startTestSignIn(t, admin);
    expect(first.response.status).toBe(200);
    expect(first.authorizationUrl?.origin).toBe(new URL(idp.issuer).origin);
    expect(first.authorizationUrl?.searchParams.get("login_hint")).toBe("admin@acme.com");
    const replay = await postTestTicket(t, first.ticket);
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain("This test link has expired");

    const crossSite = await t.mutate<{ ticket: string }>("sso.startTest", undefined, admin);
    expect((await postTestTicket(t, crossSite.data.ticket, { "sec-fetch-site": "cross-site" })).status).toBe(400);
    const fresh = await t.mutate<{ ticket: string }>("sso.startTest", undefined, admin);
    const [payload, mac] = fresh.data.ticket.split(".") as [string, string];
    const later = { ...JSON.parse(Buffer.from(payload, "base64url").toString()), expiresAt: Date.now() + 3_600_000 };
    for (const forged of [`${payload}.${"A".repeat(43)}`, `${Buffer.from(JSON.stringify(later)).toString("base64url")}.${mac}`])
      expect((await postTestTicket(t, forged)).status).toBe(400);
    expect((await postTestTicket(t, fresh.data.ticket)).status).toBe(200);

    vi.useFakeTimers({ toFake: ["Date"] });
    const late = await t.mutate<{ ticket: string }>("sso.startTest", undefined, admin);
    vi.setSystemTime(Date.now() + 2 * 60_000 + 1000);
    expect((await postTestTicket(t, late.data.ticket)).status).toBe(400);
    vi.useRealTimers();

    const { token: member } = await inviteAndAccept(t, admin, "mo@acme.com");
    expect((await t.mutate("sso.startTest", undefined, member)).status).toBe(403);
  });

  it("refuses the ticket of an admin demoted after taking it", async () => {
    const { token: eve } = await inviteAndAccept(t, admin, "eve@acme.com", "admin");
    const ticket = await t.mutate<{ ticket: string }>("sso.startTest", undefined, eve);
    await t.sql("update users set role = 'member' where email = 'eve@acme.com'");
    const refused = await postTestTicket(t, ticket.data.ticket);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("This test link has expired");
  });
});
