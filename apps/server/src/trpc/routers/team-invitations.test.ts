import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startHostileIdp } from "../../test-support/hostile-idp.ts";
import { attemptSsoViaAutoIdp, CLIENT_ID, handoffCodeOf, OWN_NAVIGATION, tenantUsingIssuer } from "../../test-support/sso-harness.ts";
import { createTestApp, DEFAULT_PASSWORD, inviteAndAccept, signUpWorkspace, type TestApp } from "../../test-support/test-app.ts";

interface Member {
  id: string;
  email: string;
  role: string;
  status: string;
  invitation: { id: string; expiresAt: string; isExpired: boolean } | null;
}

let t: TestApp;
let admin: string;
beforeEach(async () => {
  t = await createTestApp();
  admin = await signUpWorkspace(t, "ann@acme.com", "Acme");
});
afterEach(async () => t.close());

const members = async () => (await t.query<{ members: Member[] }>("team.list", undefined, admin)).data.members;
const tokenOf = (inviteUrl: string) => new URL(inviteUrl).pathname.replace("/invite/", "");

describe("Team Members: one list, invitees with Copy link, Resend and Revoke", () => {
  it("lists each invitee once, among the members, with their pending invitation", async () => {
    await t.mutate("team.invite", { email: "mo@acme.com", role: "member" }, admin);
    const list = await members();
    expect(list.map((member) => [member.email, member.status, member.invitation !== null])).toEqual([
      ["ann@acme.com", "active", false],
      ["mo@acme.com", "invited", true],
    ]);
    expect(list[1]?.invitation?.isExpired).toBe(false);
  });

  it("Copy link gives the same working link again, and no link is stored", async () => {
    const invited = await t.mutate<{ inviteUrl: string; isEmailSent: boolean }>(
      "team.invite",
      { email: "mo@acme.com", role: "member" },
      admin,
    );
    expect(invited.data.isEmailSent).toBe(false);
    const invitationId = (await members())[1]?.invitation?.id;
    const copied = await t.mutate<{ inviteUrl: string }>("team.invitationLink", { invitationId }, admin);
    expect(copied.data.inviteUrl).toBe(invited.data.inviteUrl);
    expect(JSON.stringify(await t.sql("select * from invitations"))).not.toContain(tokenOf(invited.data.inviteUrl));
    expect((await t.query("invites.get", { token: tokenOf(copied.data.inviteUrl) })).status).toBe(200);
  });

  it("Resend makes a new link valid for another week and kills the old one; audited", async () => {
    const invited = await t.mutate<{ inviteUrl: string }>("team.invite", { email: "mo@acme.com", role: "member" }, admin);
    const invitationId = (await members())[1]?.invitation?.id;
    const resent = await t.mutate<{ inviteUrl: string }>("team.resendInvitation", { invitationId }, admin);
    expect(resent.data.inviteUrl).not.toBe(invited.data.inviteUrl);
    expect((await t.query("invites.get", { token: tokenOf(invited.data.inviteUrl) })).status).toBe(404);
    const accepted = await t.mutate<{ token: string }>("invites.accept", {
      token: tokenOf(resent.data.inviteUrl),
      name: "Mo",
      password: DEFAULT_PASSWORD,
    });
    expect(accepted.status).toBe(200);
    expect((await t.mutate("team.resendInvitation", { invitationId }, admin)).status).toBe(404);
    const trail = await t.query<{ events: Array<{ type: string }> }>("audit.list", { category: "changes" }, admin);
    expect(trail.data.events.map((event) => event.type)).toContain("team.invite.resent");
  });

  it("an invitation made before links were derived cannot be copied, only resent", async () => {
    await t.mutate("team.invite", { email: "mo@acme.com", role: "member" }, admin);
    await t.sql("update invitations set token_hash = 'made-by-an-older-version'");
    const invitationId = (await members())[1]?.invitation?.id;
    const copied = await t.mutate("team.invitationLink", { invitationId }, admin);
    expect([copied.status, copied.error?.message]).toEqual([412, expect.stringMatching(/Resend it to get a new link/)]);
    expect((await t.mutate("team.resendInvitation", { invitationId }, admin)).status).toBe(200);
  });

  it("another workspace's admin can neither copy, resend nor revoke these invitations", async () => {
    await t.mutate("team.invite", { email: "mo@acme.com", role: "member" }, admin);
    const invitationId = (await members())[1]?.invitation?.id;
    const globex = await signUpWorkspace(t, "bob@globex.com", "Globex");
    for (const procedure of ["team.invitationLink", "team.resendInvitation", "team.revokeInvitation"]) {
      expect((await t.mutate(procedure, { invitationId }, globex)).status).toBe(404);
    }
    expect((await members())[1]?.invitation?.id).toBe(invitationId);
  });
});

describe("roles", () => {
  it("an admin makes a member an admin and back; it applies on their next request; audited", async () => {
    const { token: mo } = await inviteAndAccept(t, admin, "mo@acme.com");
    const moId = (await t.user("mo@acme.com"))?.id;
    expect((await t.query("team.list", undefined, mo)).status).toBe(403);
    expect((await t.mutate<Member>("team.setRole", { userId: moId, role: "admin" }, admin)).data.role).toBe("admin");
    expect((await t.query("team.list", undefined, mo)).status).toBe(200);
    await t.mutate("team.setRole", { userId: moId, role: "member" }, admin);
    expect((await t.query("team.list", undefined, mo)).status).toBe(403);
    const trail = await t.query<{ events: Array<{ type: string; details: Record<string, unknown> }> }>(
      "audit.list",
      { category: "changes" },
      admin,
    );
    expect(trail.data.events[0]).toMatchObject({ type: "team.role.changed", details: { from: "admin", to: "member" } });
  });

  it("never removes the last active admin, also when it is yourself; bad roles are field errors", async () => {
    const annId = (await t.user("ann@acme.com"))?.id;
    const alone = await t.mutate("team.setRole", { userId: annId, role: "member" }, admin);
    expect([alone.status, alone.error?.message]).toEqual([
      400,
      "A workspace needs at least one active admin: make someone else an admin first",
    ]);
    const wrong = await t.mutate("team.setRole", { userId: annId, role: "owner" }, admin);
    expect(wrong.status).toBe(400);
    expect((await t.user("ann@acme.com"))?.role).toBe("admin");
  });
});

describe("accepting an invitation through SSO when the workspace has it but does not enforce it", () => {
  it("offers the IdP instead of a password: the invitee goes to SSO and the first sign-in activates them", async () => {
    const idp = await startHostileIdp(CLIENT_ID);
    try {
      const ssoAdmin = await tenantUsingIssuer(t, idp.issuer, "admin@globex.com", "Globex", "lee@globex.com");
      const invitationId = (await t.query<{ members: Member[] }>("team.list", undefined, ssoAdmin)).data.members[1]?.invitation?.id;
      const link = await t.mutate<{ inviteUrl: string }>("team.invitationLink", { invitationId }, ssoAdmin);
      const token = tokenOf(link.data.inviteUrl);
      expect((await t.query("invites.get", { token })).data).toMatchObject({ ssoEnforced: false, ssoName: "IdP" });
      const accepted = await t.mutate<{ ssoStartUrl: string }>("invites.accept", { token, name: "Lee", withSso: true });
      expect(accepted.data.ssoStartUrl).toBe("/auth/sso/start?email=lee%40globex.com");
      expect((await t.user("lee@globex.com"))?.status).toBe("invited");
      idp.signInAs("lee@globex.com");
      expect(handoffCodeOf((await attemptSsoViaAutoIdp(t, "lee@globex.com")).location)).toBeTruthy();
      expect((await t.user("lee@globex.com"))?.status).toBe("active");
      const after = await t.query<{ members: Member[]; invitations: unknown[] }>("team.list", undefined, ssoAdmin);
      expect([after.data.members[1]?.invitation, after.data.invitations]).toEqual([null, []]);
      const start = await t.app.request(accepted.data.ssoStartUrl, { headers: OWN_NAVIGATION });
      expect(start.status).toBe(302);
    } finally {
      await idp.close();
    }
  });
});
