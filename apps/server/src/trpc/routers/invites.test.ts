import { afterEach, beforeEach, describe, expect, it } from "vitest";
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
});
