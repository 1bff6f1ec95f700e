import { randomBytes, randomUUID } from "node:crypto";
import { INVITE_TTL_DAYS, normalizeEmail, type Role } from "@jams/contracts";
import type { Db } from "@jams/db";
import { schema } from "@jams/db";
import { eq } from "drizzle-orm";
import { sha256Base64url } from "../digest.ts";

export type InviteProblem = "email_taken";

/**
 * Invites an email into a tenant: an `invited` user plus a single-use token (stored hashed).
 * Re-inviting someone still pending in the same tenant replaces their earlier link.
 */
export function createInvitation(
  db: Db,
  input: { tenantId: string; invitedBy: string; email: string; role: Role },
): { token: string } | { problem: InviteProblem } {
  return db.transaction((tx) => {
    const existing = tx
      .select()
      .from(schema.users)
      .where(eq(schema.users.emailNormalized, normalizeEmail(input.email)))
      .get();
    if (existing && (existing.tenantId !== input.tenantId || existing.status !== "invited")) return { problem: "email_taken" };
    const userId = existing?.id ?? randomUUID();
    if (existing) {
      tx.delete(schema.invitations).where(eq(schema.invitations.userId, userId)).run();
      tx.update(schema.users).set({ role: input.role }).where(eq(schema.users.id, userId)).run();
    } else {
      tx.insert(schema.users)
        .values({
          id: userId,
          tenantId: input.tenantId,
          email: input.email.trim(),
          emailNormalized: normalizeEmail(input.email),
          role: input.role,
          status: "invited",
        })
        .run();
    }
    const token = randomBytes(32).toString("base64url");
    tx.insert(schema.invitations)
      .values({
        id: randomUUID(),
        tenantId: input.tenantId,
        userId,
        tokenHash: sha256Base64url(token),
        invitedBy: input.invitedBy,
        expiresAt: new Date(Date.now() + INVITE_TTL_DAYS * 24 * 60 * 60 * 1000),
      })
      .run();
    return { token };
  });
}

export type InvitationProblem = "not_found" | "expired" | "used";

export interface OpenInvitation {
  invitation: schema.Invitation;
  user: schema.User;
  tenant: schema.Tenant;
}

/** Finds the invitation behind a link and says why it can no longer be used, if it can't. */
export function findOpenInvitation(db: Pick<Db, "select">, token: string): OpenInvitation | { problem: InvitationProblem } {
  const row = db
    .select({ invitation: schema.invitations, user: schema.users, tenant: schema.tenants })
    .from(schema.invitations)
    .innerJoin(schema.users, eq(schema.users.id, schema.invitations.userId))
    .innerJoin(schema.tenants, eq(schema.tenants.id, schema.invitations.tenantId))
    .where(eq(schema.invitations.tokenHash, sha256Base64url(token)))
    .get();
  if (!row) return { problem: "not_found" };
  if (row.invitation.acceptedAt || row.user.status !== "invited") return { problem: "used" };
  if (row.invitation.expiresAt.getTime() <= Date.now()) return { problem: "expired" };
  return row;
}

/**
 * Accepts an invitation: records the name (and password hash, when the tenant allows
 * passwords) and consumes the token. With a password the user becomes active; in an
 * SSO-enforced tenant they stay `invited` until their first SSO sign-in. Enforcement is read again
 * here: if it changed while the password was being hashed, nothing is written.
 */
export function acceptInvitation(
  db: Db,
  token: string,
  input: { name: string; passwordHash: string | null; wasSsoEnforced: boolean },
): { user: schema.User } | { problem: InvitationProblem | "enforcement_changed" } {
  return db.transaction((tx) => {
    const open = findOpenInvitation(tx, token);
    if ("problem" in open) return open;
    const sso = tx.select().from(schema.ssoConfigs).where(eq(schema.ssoConfigs.tenantId, open.tenant.id)).get();
    if ((sso?.enforce ?? false) !== input.wasSsoEnforced) return { problem: "enforcement_changed" as const };
    tx.update(schema.invitations).set({ acceptedAt: new Date() }).where(eq(schema.invitations.id, open.invitation.id)).run();
    const user = tx
      .update(schema.users)
      .set(input.passwordHash ? { name: input.name, passwordHash: input.passwordHash, status: "active" } : { name: input.name })
      .where(eq(schema.users.id, open.user.id))
      .returning()
      .get();
    return { user: user ?? open.user };
  });
}
