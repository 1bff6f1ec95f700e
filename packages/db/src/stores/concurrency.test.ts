import { randomUUID } from "node:crypto";
import type { Role } from "@jams/contracts";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openStore } from "../open-store.ts";
import type { User } from "../rows.ts";
import type { Store } from "../store.ts";
import { createTestDatabase, sqlOf, type TestDatabase } from "../test-support/test-database.ts";

let database: TestDatabase;
let store: Store;
let second: Store;
beforeEach(async () => {
  database = await createTestDatabase();
  store = await openStore(database.location, { poolMax: 8 });
  second = await openStore(database.location, { poolMax: 8 });
});
afterEach(async () => {
  await store.close();
  await second.close();
  await database.drop();
});

const workspace = async (email: string) => {
  const created = await store.accounts.createWorkspace({ workspaceName: "Acme", name: "Ann", email, passwordHash: "x" }, null);
  if (!created) throw new Error("workspace not created");
  return created.user;
};

/** Invites `email` into the admin's tenant; returns the invitee's user id. */
const inviteInto = async (admin: User, email: string, role: Role, tokenHash: string) => {
  const invited = await store.team.createInvitation({
    id: randomUUID(),
    tenantId: admin.tenantId,
    invitedBy: admin.id,
    email,
    role,
    tokenHash,
    expiresAt: Date.now() + 60_000,
  });
  if ("problem" in invited) throw new Error(invited.problem);
  return invited.userId;
};

/** A workspace with two active admins, Ann and Eve. */
const twoAdmins = async () => {
  const ann = await workspace("ann@acme.com");
  const eveId = await inviteInto(ann, "eve@acme.com", "admin", "hash-eve");
  await store.team.acceptInvitation("hash-eve", { name: "Eve", passwordHash: "x", wasSsoEnforced: false }, Date.now(), null);
  return { tenantId: ann.tenantId, annId: ann.id, eveId };
};

/** Two server processes' stores racing on the same rows, many times over. */
describe(`stores under concurrency (${process.env.TEST_POSTGRES_URL ? "PostgreSQL" : "SQLite"})`, () => {
  it("never deactivate the last active admin when two admins deactivate each other at once", async () => {
    const { tenantId, annId, eveId } = await twoAdmins();
    for (let round = 0; round < 10; round++) {
      const results = await Promise.all([
        store.team.setMemberDisabled({ tenantId, actorId: annId, userId: eveId, isDisabled: true }),
        second.team.setMemberDisabled({ tenantId, actorId: eveId, userId: annId, isDisabled: true }),
      ]);
      expect(results.filter((result) => "user" in result)).toHaveLength(1);
      expect(results.filter((result) => "problem" in result && result.problem === "last_admin")).toHaveLength(1);
      const active = await sqlOf(store)("select id from users where role = 'admin' and status = 'active'");
      expect(active).toHaveLength(1);
      for (const userId of [annId, eveId]) {
        await store.team.setMemberDisabled({ tenantId, actorId: annId, userId, isDisabled: false });
      }
    }
  });

  it("never demote the last active admin when two admins demote each other at once", async () => {
    const { tenantId, annId, eveId } = await twoAdmins();
    for (let round = 0; round < 10; round++) {
      const results = await Promise.all([
        store.team.setRole({ tenantId, actorId: annId, userId: eveId, role: "member" }),
        second.team.setRole({ tenantId, actorId: eveId, userId: annId, role: "member" }),
      ]);
      expect(results.filter((result) => "user" in result)).toHaveLength(1);
      expect(results.filter((result) => "problem" in result && result.problem === "last_admin")).toHaveLength(1);
      const admins = await sqlOf(store)("select id from users where role = 'admin' and status = 'active'");
      expect(admins).toHaveLength(1);
      for (const userId of [annId, eveId]) {
        await store.team.setRole({ tenantId, actorId: annId, userId, role: "admin" });
      }
    }
  });

  it("accept an invitation once however many acceptances of its link arrive together, opening one session", async () => {
    const ann = await workspace("ann@acme.com");
    for (let round = 0; round < 5; round++) {
      const tokenHash = `hash-mo-${round}`;
      const moId = await inviteInto(ann, `mo${round}@acme.com`, "member", tokenHash);
      const accepted = await Promise.all(
        Array.from({ length: 12 }, (_, index) =>
          (index % 2 ? second : store).team.acceptInvitation(
            tokenHash,
            { name: `Mo ${index}`, passwordHash: "x", wasSsoEnforced: false },
            Date.now(),
            { id: `session-${round}-${index}`, userAgent: "test", createdAt: Date.now(), expiresAt: Date.now() + 60_000 },
          ),
        ),
      );
      const winners = accepted.flatMap((result) => ("user" in result ? [result.user] : []));
      expect(winners).toHaveLength(1);
      expect(accepted.filter((result) => "problem" in result && result.problem === "used")).toHaveLength(11);
      const sql = sqlOf(store);
      expect(await sql("select name from users where id = ?", moId)).toEqual([{ name: winners[0]?.name }]);
      expect(await sql("select id from sessions where user_id = ?", moId)).toHaveLength(1);
      expect(await sql("select id from audit_events where type = 'team.invite.accepted' and actor_user_id = ?", moId)).toHaveLength(1);
    }
  });

  it("consume a login transaction's state exactly once", async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, (_, index) => (index % 2 ? second : store).sso.consumeState("state-hash", Date.now() + 60_000)),
    );
    expect(outcomes.filter(Boolean)).toHaveLength(1);
  });

  it("redeem a handoff exactly once, opening one session", async () => {
    const ann = await workspace("ann@acme.com");
    const idp = { issuer: "https://idp.example", subject: "sub", sessionId: "idp-session" };
    await store.sso.completeSignIn(ann, idp, { codeHash: "code", binderHash: "binder", expiresAt: Date.now() + 60_000 });
    const redeemed = await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        (index % 2 ? second : store).sso.redeemHandoff("code", "binder", {
          id: `session-${index}`,
          userAgent: "test",
          createdAt: Date.now(),
          expiresAt: Date.now() + 60_000,
        }),
      ),
    );
    expect(redeemed.filter((user) => user?.id === ann.id)).toHaveLength(1);
    expect(redeemed.filter((user) => user === undefined)).toHaveLength(11);
    const sessions = await sqlOf(store)<{ idp_session_id: string }>("select idp_session_id from sessions");
    expect(sessions).toEqual([{ idp_session_id: "idp-session" }]);
  });

  it("give an email to one workspace only, refusing the others cleanly", async () => {
    const created = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        (index % 2 ? second : store).accounts.createWorkspace(
          { workspaceName: `W${index}`, name: "Ann", email: "Ann@Acme.com", passwordHash: "x" },
          null,
        ),
      ),
    );
    expect(created.filter(Boolean)).toHaveLength(1);
    expect(await sqlOf(store)("select id from tenants")).toHaveLength(1);
    expect(await sqlOf(store)("select id from audit_events")).toHaveLength(1);
  });

  it("let two workspaces invite one address (invitations claim nothing), and only one acceptance claim it", async () => {
    const [ann, bob] = [await workspace("ann@acme.com"), await workspace("bob@globex.com")];
    const invite = (admin: typeof ann, by: Store, tokenHash: string) =>
      by.team.createInvitation({
        id: randomUUID(),
        tenantId: admin.tenantId,
        invitedBy: admin.id,
        email: "mo@acme.com",
        role: "member",
        tokenHash,
        expiresAt: Date.now() + 60_000,
      });
    const invited = await Promise.all([invite(ann, store, "t1"), invite(bob, second, "t2")]);
    expect(invited.filter((result) => "userId" in result)).toHaveLength(2);
    const accept = (by: Store, tokenHash: string) =>
      by.team.acceptInvitation(tokenHash, { name: "Mo", passwordHash: "x", wasSsoEnforced: false }, Date.now(), null);
    const accepted = await Promise.all([accept(store, "t1"), accept(second, "t2")]);
    expect(accepted.filter((result) => "user" in result)).toHaveLength(1);
    expect(accepted.filter((result) => "problem" in result && result.problem === "claimed_elsewhere")).toHaveLength(1);
    expect(await sqlOf(store)("select id from users where email_normalized = 'mo@acme.com' and email_claimed_at is not null")).toHaveLength(
      1,
    );
  });

  it("add up rate-limit hits from several processes", async () => {
    const now = Date.now();
    await Promise.all(Array.from({ length: 40 }, (_, index) => (index % 2 ? second : store).abuse.addHits("k", 60_000, 1, now)));
    await Promise.all([
      store.abuse.addHitsBatch([{ key: "k", windowMs: 60_000, hits: 5 }], now),
      second.abuse.addHitsBatch([{ key: "k", windowMs: 60_000, hits: 5 }], now),
    ]);
    expect((await store.abuse.addHits("k", 60_000, 0, now)).count).toBe(50);
  });

  it("let through only the free attempts and the one that starts the hold, however many arrive together", async () => {
    const now = Date.now();
    const holdAfter = (failures: number) => (failures > 3 ? 60_000 : 0);
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, index) => (index % 2 ? second : store).abuse.reserveAttempt("acct", now, holdAfter)),
    );
    expect(results.filter((result) => result.isAllowed)).toHaveLength(4);
    expect(await store.abuse.blockedUntil("acct")).toBe(now + 60_000);
  });
});
