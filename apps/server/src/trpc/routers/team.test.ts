import { schema } from "@jams/db";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { setMemberDisabled } from "../../team/members.ts";
import { createTestApp, DEFAULT_PASSWORD, inviteAndAccept, signUpWorkspace, type TestApp } from "../../test-support/test-app.ts";

let t: TestApp;
beforeEach(() => {
  t = createTestApp();
});
afterEach(() => t.close());

const userByEmail = (email: string) => t.db.select().from(schema.users).where(eq(schema.users.email, email)).get();

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

  it("refuses to invite an email that has an account in any tenant", async () => {
    await signUpWorkspace(t, "ann@acme.com", "Acme");
    const other = await signUpWorkspace(t, "bob@globex.com", "Globex");
    const answer = await t.mutate("team.invite", { email: "ANN@acme.com", role: "member" }, other);
    expect(answer.status).toBe(400);
    expect(answer.error?.data.fieldErrors?.email?.[0]).toBe("This email already has a JAMS IMES account");
    expect(t.db.select().from(schema.invitations).all()).toHaveLength(0);
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
    const bob = userByEmail("bob@globex.com");
    const list = await t.query<TeamList>("team.list", undefined, acme);
    expect(list.data.members.map((member) => member.email)).toEqual(["ann@acme.com"]);
    const answer = await t.mutate("team.deactivate", { userId: bob?.id }, acme);
    expect(answer.status).toBe(404);
    expect(userByEmail("bob@globex.com")?.status).toBe("active");
    expect((await t.query("auth.me", undefined, globex)).status).toBe(200);
  });

  it("cuts off a deactivated member's live session at once, and reactivation restores sign-in", async () => {
    const admin = await signUpWorkspace(t, "ann@acme.com");
    const { token: member } = await inviteAndAccept(t, admin, "mo@acme.com");
    const mo = userByEmail("mo@acme.com");
    expect((await t.query("auth.me", undefined, member)).status).toBe(200);
    const deactivated = await t.mutate<{ status: string }>("team.deactivate", { userId: mo?.id }, admin);
    expect(deactivated.data.status).toBe("disabled");
    expect((await t.query("auth.me", undefined, member)).status).toBe(401);
    await t.mutate("team.reactivate", { userId: mo?.id }, admin);
    expect((await t.query("auth.me", undefined, member)).status).toBe(200);
  });

  it("takes a role change into account on the next request", async () => {
    const admin = await signUpWorkspace(t, "ann@acme.com");
    const { token: other } = await inviteAndAccept(t, admin, "eve@acme.com", "admin");
    expect((await t.query("team.list", undefined, other)).status).toBe(200);
    t.db.update(schema.users).set({ role: "member" }).where(eq(schema.users.email, "eve@acme.com")).run();
    expect((await t.query("team.list", undefined, other)).status).toBe(403);
  });

  it("refuses to deactivate yourself or the last active admin", async () => {
    const admin = await signUpWorkspace(t, "ann@acme.com");
    const ann = userByEmail("ann@acme.com");
    const self = await t.mutate("team.deactivate", { userId: ann?.id }, admin);
    expect(self.status).toBe(400);
    expect(self.error?.message).toBe("You can't deactivate yourself");

    const { token: second } = await inviteAndAccept(t, admin, "eve@acme.com", "admin");
    const eve = userByEmail("eve@acme.com");
    expect((await t.mutate("team.deactivate", { userId: ann?.id }, second)).status).toBe(200);
    const reactivated = await t.mutate("team.reactivate", { userId: ann?.id }, second);
    expect(reactivated.status).toBe(200);
    t.db
      .update(schema.users)
      .set({ status: "disabled" })
      .where(eq(schema.users.id, ann?.id as string))
      .run();
    const last = await t.mutate("team.deactivate", { userId: eve?.id }, second);
    expect(last.status).toBe(400);
    expect(last.error?.message).toBe("You can't deactivate yourself");
  });

  it("never deactivates the last active admin, even when two admins remove each other at once", async () => {
    const admin = await signUpWorkspace(t, "ann@acme.com");
    await inviteAndAccept(t, admin, "eve@acme.com", "admin");
    const ann = userByEmail("ann@acme.com");
    const eve = userByEmail("eve@acme.com");
    const tenantId = ann?.tenantId as string;
    const first = setMemberDisabled(t.db, { tenantId, actorId: ann?.id as string, userId: eve?.id as string, isDisabled: true });
    expect(first).toHaveProperty("user.status", "disabled");
    const second = setMemberDisabled(t.db, { tenantId, actorId: eve?.id as string, userId: ann?.id as string, isDisabled: true });
    expect(second).toEqual({ problem: "last_admin" });
    expect(userByEmail("ann@acme.com")?.status).toBe("active");
  });
});
