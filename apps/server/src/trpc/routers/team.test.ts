import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, DEFAULT_PASSWORD, inviteAndAccept, signUpWorkspace, type TestApp } from "../../test-support/test-app.ts";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => t.close());

const userByEmail = (email: string) => t.user(email);

interface TeamList {
  members: Array<{ email: string; role: string; status: string; lastSignInMethod: string | null }>;
  invitations: Array<{ email: string }>;
}

describe("team", () => {
  it("lists members with role, status and sign-in method, and pending invitations", async () => {
    const admin = await signUpWorkspace(t, "ann@acme.com");
    await t.mutate("auth.passwordLogin", { email: "ann@acme.com", password: DEFAULT_PASSWORD });
    await t.mutate("team.invite", { email: "pending@acme.com", role: "member" }, admin);
    const list = await t.query<TeamList>("team.list", undefined, admin);
    expect(list.data.members).toEqual([
      expect.objectContaining({ email: "ann@acme.com", role: "admin", status: "active", lastSignInMethod: "pwd" }),
      expect.objectContaining({ email: "pending@acme.com", role: "member", status: "invited", lastSignInMethod: null }),
    ]);
    expect(list.data.invitations.map((invitation) => invitation.email)).toEqual(["pending@acme.com"]);
  });

  it("invites an address with an account in another workspace like any other: the answer reveals nothing of it", async () => {
    await signUpWorkspace(t, "ann@acme.com", "Acme");
    const other = await signUpWorkspace(t, "bob@globex.com", "Globex");
    const withAccount = await t.mutate<{ inviteUrl: string }>("team.invite", { email: "ANN@acme.com", role: "member" }, other);
    const without = await t.mutate<{ inviteUrl: string }>("team.invite", { email: "nobody@acme.com", role: "member" }, other);
    expect([withAccount.status, without.status]).toEqual([200, 200]);
    expect(Object.keys(withAccount.data)).toEqual(Object.keys(without.data));
    const token = new URL(withAccount.data.inviteUrl).pathname.split("/").pop();
    const accepted = await t.mutate("invites.accept", { token, name: "Ann", password: DEFAULT_PASSWORD });
    expect(accepted.status).toBe(409);
    expect(accepted.error?.data.reason).toBe("invite_email_taken");
    expect((await t.user("ann@acme.com"))?.tenantId).not.toBe((await t.user("bob@globex.com"))?.tenantId);
  });

  it("a squatter's pending invitation claims nothing: the address's own workspace invites it, and its owner signs up", async () => {
    const squatter = await signUpWorkspace(t, "eve@squat.example", "Squat");
    await t.mutate("team.invite", { email: "bob@acme.com", role: "member" }, squatter);
    await t.mutate(
      "team.deactivate",
      { userId: (await t.sql<{ id: string }>("select id from users where email = 'bob@acme.com'"))[0]?.id },
      squatter,
    );
    const acme = await signUpWorkspace(t, "ann@acme.com", "Acme");
    expect((await t.mutate("team.invite", { email: "bob@acme.com", role: "member" }, acme)).status).toBe(200);
    const bobsOwn = await t.mutate("auth.signup", {
      workspaceName: "Bob Co",
      name: "Bob",
      email: "bob@acme.com",
      password: DEFAULT_PASSWORD,
    });
    expect(bobsOwn.status).toBe(200);
  });

  it("revokes a pending invitation: the link dies, a never-joined invitee leaves the list, audited; other tenants' are out of reach", async () => {
    const admin = await signUpWorkspace(t, "ann@acme.com", "Acme");
    const invite = await t.mutate<{ inviteUrl: string }>("team.invite", { email: "mo@acme.com", role: "member" }, admin);
    const token = new URL(invite.data.inviteUrl).pathname.split("/").pop();
    const [invitation] = (await t.query<TeamList & { invitations: Array<{ id: string }> }>("team.list", undefined, admin)).data.invitations;
    const globex = await signUpWorkspace(t, "bob@globex.com", "Globex");
    expect((await t.mutate("team.revokeInvitation", { invitationId: invitation?.id }, globex)).status).toBe(404);

    expect((await t.mutate("team.revokeInvitation", { invitationId: invitation?.id }, admin)).status).toBe(200);
    const list = await t.query<TeamList>("team.list", undefined, admin);
    expect([list.data.members.map((member) => member.email), list.data.invitations]).toEqual([["ann@acme.com"], []]);
    expect((await t.query("invites.get", { token })).status).toBe(404);
    const accepted = await t.mutate("invites.accept", { token, name: "Mo", password: DEFAULT_PASSWORD });
    expect(accepted.status).toBe(404);
    expect(await t.sql("select * from users where email = 'mo@acme.com'")).toEqual([]);
    const trail = await t.query<{ events: Array<{ type: string; email: string | null }> }>("audit.list", { category: "changes" }, admin);
    expect(trail.data.events[0]).toMatchObject({ type: "team.invite.revoked", email: "mo@acme.com" });
    expect((await t.mutate("team.revokeInvitation", { invitationId: invitation?.id }, admin)).status).toBe(404);
  });

  it("refuses to invite someone who is already a member of this workspace, and leaves one invitation for a pending one", async () => {
    const admin = await signUpWorkspace(t, "ann@acme.com", "Acme");
    const member = await t.mutate("team.invite", { email: "ANN@acme.com", role: "member" }, admin);
    expect(member.error?.data.fieldErrors?.email?.[0]).toBe("This person is already a member of your workspace");
    await t.mutate("team.invite", { email: "mo@acme.com", role: "member" }, admin);
    expect((await t.mutate("team.invite", { email: "mo@acme.com", role: "admin" }, admin)).status).toBe(200);
    expect(await t.sql("select id from invitations")).toHaveLength(1);
  });

  it("is UNAUTHORIZED without a session and FORBIDDEN to members", async () => {
    const admin = await signUpWorkspace(t, "ann@acme.com");
    const { token: member } = await inviteAndAccept(t, admin, "mo@acme.com");
    expect((await t.query("team.list")).status).toBe(401);
    expect((await t.query("team.list", undefined, member)).status).toBe(403);
    expect((await t.mutate("team.invite", { email: "x@acme.com", role: "admin" }, member)).status).toBe(403);
    expect((await t.query("sso.get", undefined, member)).status).toBe(403);
  });

  it("keeps tenants apart: an admin can neither see nor change another tenant's users", async () => {
    const acme = await signUpWorkspace(t, "ann@acme.com", "Acme");
    const globex = await signUpWorkspace(t, "bob@globex.com", "Globex");
    const bob = await userByEmail("bob@globex.com");
    const list = await t.query<TeamList>("team.list", undefined, acme);
    expect(list.data.members.map((member) => member.email)).toEqual(["ann@acme.com"]);
    const answer = await t.mutate("team.deactivate", { userId: bob?.id }, acme);
    expect(answer.status).toBe(404);
    expect((await userByEmail("bob@globex.com"))?.status).toBe("active");
    expect((await t.query("auth.me", undefined, globex)).status).toBe(200);
  });

  it("cuts off a deactivated member's live session at once; reactivation restores sign-in but not the old session", async () => {
    const admin = await signUpWorkspace(t, "ann@acme.com");
    const { token: member } = await inviteAndAccept(t, admin, "mo@acme.com");
    const mo = await userByEmail("mo@acme.com");
    expect((await t.query("auth.me", undefined, member)).status).toBe(200);
    const deactivated = await t.mutate<{ status: string }>("team.deactivate", { userId: mo?.id }, admin);
    expect(deactivated.data.status).toBe("disabled");
    expect((await t.query("auth.me", undefined, member)).status).toBe(401);
    await t.mutate("team.reactivate", { userId: mo?.id }, admin);
    expect((await t.query("auth.me", undefined, member)).status).toBe(401);
    const again = await t.mutate<{ token: string }>("auth.passwordLogin", { email: "mo@acme.com", password: DEFAULT_PASSWORD });
    expect((await t.query("auth.me", undefined, again.data.token)).status).toBe(200);
  });

  it("takes a role change into account on the next request", async () => {
    const admin = await signUpWorkspace(t, "ann@acme.com");
    const { token: other } = await inviteAndAccept(t, admin, "eve@acme.com", "admin");
    expect((await t.query("team.list", undefined, other)).status).toBe(200);
    await t.sql("update users set role = 'member' where email = ?", "eve@acme.com");
    expect((await t.query("team.list", undefined, other)).status).toBe(403);
  });

  it("refuses to deactivate yourself or the last active admin", async () => {
    const admin = await signUpWorkspace(t, "ann@acme.com");
    const ann = await userByEmail("ann@acme.com");
    const self = await t.mutate("team.deactivate", { userId: ann?.id }, admin);
    expect(self.status).toBe(400);
    expect(self.error?.message).toBe("You can't deactivate yourself");

    const { token: second } = await inviteAndAccept(t, admin, "eve@acme.com", "admin");
    const eve = await userByEmail("eve@acme.com");
    expect((await t.mutate("team.deactivate", { userId: ann?.id }, second)).status).toBe(200);
    const reactivated = await t.mutate("team.reactivate", { userId: ann?.id }, second);
    expect(reactivated.status).toBe(200);
    await t.sql("update users set status = 'disabled' where id = ?", ann?.id ?? "");
    const last = await t.mutate("team.deactivate", { userId: eve?.id }, second);
    expect(last.status).toBe(400);
    expect(last.error?.message).toBe("You can't deactivate yourself");
  });

  it("never deactivates the last active admin, even when two admins remove each other at once", async () => {
    const ann = await signUpWorkspace(t, "ann@acme.com");
    const { token: eve } = await inviteAndAccept(t, ann, "eve@acme.com", "admin");
    const ids = { ann: (await userByEmail("ann@acme.com"))?.id, eve: (await userByEmail("eve@acme.com"))?.id };
    const answers = await Promise.all([
      t.mutate("team.deactivate", { userId: ids.eve }, ann),
      t.mutate("team.deactivate", { userId: ids.ann }, eve),
    ]);
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
    const admins = await t.sql("select id from users where role = 'admin' and status = 'active'");
    expect(admins).toHaveLength(1);
  });
});
