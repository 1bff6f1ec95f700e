import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type HostileIdp, startHostileIdp } from "../../test-support/hostile-idp.ts";
import { CLIENT_ID, tenantUsingIssuer } from "../../test-support/sso-harness.ts";
import { createTestApp, DEFAULT_PASSWORD, signUpWorkspace, type TestApp } from "../../test-support/test-app.ts";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => t.close());

async function invite(adminToken: string, email: string) {
  const answer = await t.mutate<{ inviteUrl: string }>("team.invite", { email, role: "member" }, adminToken);
  return new URL(answer.data.inviteUrl).pathname.replace("/invite/", "");
}

describe("invitations", () => {
  it("show the tenant and email, then sign the invitee in with a password", async () => {
    const admin = await signUpWorkspace(t, "ann@acme.com", "Acme");
    const token = await invite(admin, "Mo@Acme.com");
    const details = await t.query("invites.get", { token });
    expect(details.data).toEqual({ tenantName: "Acme", email: "Mo@Acme.com", ssoEnforced: false, ssoName: null });
    const accepted = await t.mutate<{ token: string }>("invites.accept", { token, name: "Mo", password: DEFAULT_PASSWORD });
    const me = await t.query<{ user: { name: string; role: string } }>("auth.me", undefined, accepted.data.token);
    expect(me.data.user).toMatchObject({ name: "Mo", role: "member" });
  });

  it("store only a hash of the token", async () => {
    const admin = await signUpWorkspace(t, "ann@acme.com");
    const token = await invite(admin, "mo@acme.com");
    const stored = await t.sql("select * from invitations");
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(token);
  });

  it("work once: a used link says so", async () => {
    const admin = await signUpWorkspace(t, "ann@acme.com");
    const token = await invite(admin, "mo@acme.com");
    await t.mutate("invites.accept", { token, name: "Mo", password: DEFAULT_PASSWORD });
    const again = await t.mutate("invites.accept", { token, name: "Eve", password: DEFAULT_PASSWORD });
    expect(again.status).toBe(404);
    expect(again.error?.data.reason).toBe("invite_used");
    expect((await t.user("mo@acme.com"))?.name).toBe("Mo");
  });

  it("expire after 7 days and tell unknown links apart", async () => {
    const admin = await signUpWorkspace(t, "ann@acme.com");
    const token = await invite(admin, "mo@acme.com");
    const [row] = await t.sql<{ expires_at: number; created_at: number }>("select expires_at, created_at from invitations");
    expect(row && row.expires_at - row.created_at).toBeGreaterThan(7 * 24 * 3600 * 1000 - 5000);
    await t.sql("update invitations set expires_at = ?", Date.now() - 1000);
    expect((await t.query("invites.get", { token })).error?.data.reason).toBe("invite_expired");
    const late = await t.mutate("invites.accept", { token, name: "Mo", password: DEFAULT_PASSWORD });
    expect(late.error?.data.reason).toBe("invite_expired");
    expect((await t.query("invites.get", { token: "made-up-token" })).error?.data.reason).toBe("invite_not_found");
  });

  it("need a valid password when the tenant allows passwords, and change nothing otherwise", async () => {
    const admin = await signUpWorkspace(t, "ann@acme.com");
    const token = await invite(admin, "mo@acme.com");
    const missing = await t.mutate("invites.accept", { token, name: "Mo" });
    expect(missing.error?.data.fieldErrors?.password?.[0]).toBe("Choose a password");
    const short = await t.mutate("invites.accept", { token, name: "Mo", password: "short" });
    expect(short.error?.data.fieldErrors?.password?.[0]).toMatch(/at least 10/);
    expect(await t.user("mo@acme.com")).toMatchObject({ status: "invited", passwordHash: null, name: "" });
  });

  it("replace an earlier link when the same person is invited again", async () => {
    const admin = await signUpWorkspace(t, "ann@acme.com");
    const first = await invite(admin, "mo@acme.com");
    const second = await invite(admin, "mo@acme.com");
    expect((await t.query("invites.get", { token: first })).error?.data.reason).toBe("invite_not_found");
    expect((await t.query("invites.get", { token: second })).status).toBe(200);
  });

  it("stop working once the invited user is deactivated", async () => {
    const admin = await signUpWorkspace(t, "ann@acme.com");
    const token = await invite(admin, "mo@acme.com");
    const mo = await t.user("mo@acme.com");
    await t.mutate("team.deactivate", { userId: mo?.id }, admin);
    expect((await t.query("invites.get", { token })).error?.data.reason).toBe("invite_used");
  });

  it("from another workspace leave this workspace's pending invitation as it is: each has its own, and one acceptance claims the address", async () => {
    const acme = await signUpWorkspace(t, "ann@acme.com", "Acme");
    const globex = await signUpWorkspace(t, "bob@globex.com", "Globex");
    const acmeLink = await invite(acme, "mo@acme.com");
    const globexLink = await invite(globex, "MO@acme.com");
    expect(await t.sql("select tenant_id from invitations")).toHaveLength(2);
    expect((await t.query("invites.get", { token: acmeLink })).status).toBe(200);
    expect((await t.mutate("invites.accept", { token: acmeLink, name: "Mo", password: DEFAULT_PASSWORD })).status).toBe(200);
    const late = await t.mutate("invites.accept", { token: globexLink, name: "Mo", password: DEFAULT_PASSWORD });
    expect([late.status, late.error?.data.reason]).toEqual([409, "invite_email_taken"]);
    const claims = await t.sql<{ claimedAt: number | null }>(
      `select email_claimed_at as "claimedAt" from users where email_normalized = 'mo@acme.com'`,
    );
    expect(claims.filter((row) => row.claimedAt !== null)).toHaveLength(1);
  });
});

describe("invitations in a workspace that enforces SSO", () => {
  let admin: string;
  let idp: HostileIdp;
  beforeEach(async () => {
    idp = await startHostileIdp(CLIENT_ID);
    admin = await tenantUsingIssuer(t, idp.issuer, "ann@acme.com", "Acme", "someone@acme.com");
  });
  afterEach(async () => idp.close());

  /** Invites before enforcing: turning enforcement on ends the admin's password session. */
  async function inviteThenEnforce(email: string) {
    const token = await invite(admin, email);
    const ann = await t.user("ann@acme.com");
    await t.store.sso.setEnforced(ann?.tenantId as string, { actorUserId: ann?.id as string }, true);
    return token;
  }

  it("are single-use: accepted once (straight to the IdP), a second acceptance is invite_used and changes nothing", async () => {
    const token = await inviteThenEnforce("mo@acme.com");
    const first = await t.mutate<{ ssoStartUrl: string }>("invites.accept", { token, name: "Mo" });
    expect(first.data.ssoStartUrl).toBe("/auth/sso/start?email=mo%40acme.com");
    const again = await t.mutate("invites.accept", { token, name: "Mallory" });
    expect([again.status, again.error?.data.reason]).toEqual([404, "invite_used"]);
    expect(await t.user("mo@acme.com")).toMatchObject({ name: "Mo", status: "invited" });
  });

  it("store no password even when one is sent, and leave the invitee invited until their first SSO sign-in", async () => {
    const token = await inviteThenEnforce("mo@acme.com");
    const accepted = await t.mutate<{ ssoStartUrl?: string; token?: string }>("invites.accept", {
      token,
      name: "Mo",
      password: DEFAULT_PASSWORD,
    });
    expect(accepted.data).toEqual({ ssoStartUrl: "/auth/sso/start?email=mo%40acme.com" });
    expect(await t.user("mo@acme.com")).toMatchObject({ passwordHash: null, status: "invited" });
    expect(await t.sql("select * from sessions where user_id = (select id from users where email = 'mo@acme.com')")).toEqual([]);
  });
});
