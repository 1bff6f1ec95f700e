import type { Db } from "@jams/db";
import { schema } from "@jams/db";
import { and, desc, eq, isNull } from "drizzle-orm";

/** The public view of a user on Team Members. */
export function toMemberView(user: schema.User) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    status: user.status,
    lastSignInAt: user.lastSignInAt?.toISOString() ?? null,
    lastSignInMethod: user.lastSignInMethod,
  };
}

export function listTeam(db: Db, tenantId: string) {
  const members = db
    .select()
    .from(schema.users)
    .where(eq(schema.users.tenantId, tenantId))
    .orderBy(schema.users.createdAt)
    .all()
    .map(toMemberView);
  const invitations = db
    .select({ invitation: schema.invitations, email: schema.users.email, role: schema.users.role })
    .from(schema.invitations)
    .innerJoin(schema.users, eq(schema.users.id, schema.invitations.userId))
    .where(and(eq(schema.invitations.tenantId, tenantId), isNull(schema.invitations.acceptedAt)))
    .orderBy(desc(schema.invitations.createdAt))
    .all()
    .map(({ invitation, email, role }) => ({
      id: invitation.id,
      userId: invitation.userId,
      email,
      role,
      expiresAt: invitation.expiresAt.toISOString(),
      isExpired: invitation.expiresAt.getTime() <= Date.now(),
    }));
  return { members, invitations };
}

export type StatusChangeProblem = "not_found" | "self" | "last_admin";

/**
 * Deactivates or reactivates a member of the acting admin's own tenant. An admin cannot
 * deactivate themself nor the last active admin, so a tenant always keeps one.
 */
export function setMemberDisabled(
  db: Db,
  input: { tenantId: string; actorId: string; userId: string; isDisabled: boolean },
): { user: schema.User } | { problem: StatusChangeProblem } {
  return db.transaction((tx) => {
    const target = tx
      .select()
      .from(schema.users)
      .where(and(eq(schema.users.id, input.userId), eq(schema.users.tenantId, input.tenantId)))
      .get();
    if (!target) return { problem: "not_found" };
    if (input.isDisabled) {
      if (target.id === input.actorId) return { problem: "self" };
      if (target.role === "admin" && target.status === "active") {
        const activeAdmins = tx
          .select({ id: schema.users.id })
          .from(schema.users)
          .where(and(eq(schema.users.tenantId, input.tenantId), eq(schema.users.role, "admin"), eq(schema.users.status, "active")))
          .all();
        if (activeAdmins.length <= 1) return { problem: "last_admin" };
      }
    }
    const hasSignedUp = target.passwordHash !== null || target.lastSignInAt !== null;
    const status = input.isDisabled ? "disabled" : hasSignedUp ? "active" : "invited";
    const user = tx.update(schema.users).set({ status }).where(eq(schema.users.id, target.id)).returning().get();
    return { user: user ?? target };
  });
}
