import { randomBytes } from "node:crypto";
import { INVITE_TTL_DAYS, type Role } from "@jams/contracts";
import type { AcceptanceProblem, InvitationProblem, InviteProblem, OpenInvitation, SessionStart, Store, User } from "@jams/db";
import { sha256Base64url } from "../digest.ts";

export type { AcceptanceProblem, InvitationProblem } from "@jams/db";

/**
 * Invites an email into a tenant: an `invited` user plus a single-use token, of which only the
 * hash is stored. Re-inviting someone still pending in the same tenant replaces their earlier link.
 */
export async function createInvitation(
  store: Store,
  input: { tenantId: string; invitedBy: string; email: string; role: Role },
): Promise<{ token: string } | { problem: InviteProblem }> {
  const token = randomBytes(32).toString("base64url");
  const result = await store.team.createInvitation({
    ...input,
    tokenHash: sha256Base64url(token),
    expiresAt: Date.now() + INVITE_TTL_DAYS * 24 * 60 * 60 * 1000,
  });
  return "problem" in result ? result : { token };
}

/** The invitation behind a link, or why it can no longer be used. */
export function findOpenInvitation(store: Store, token: string): Promise<OpenInvitation | { problem: InvitationProblem }> {
  return store.team.findOpenInvitation(sha256Base64url(token), Date.now());
}

/**
 * Accepts an invitation: records the name (and password hash, when the tenant allows passwords)
 * and consumes the token; with a password, `session` opens. Enforcement is read again inside the
 * write: if it changed while the password was being hashed, nothing is written.
 */
export function acceptInvitation(
  store: Store,
  token: string,
  input: { name: string; passwordHash: string | null; wasSsoEnforced: boolean },
  session: SessionStart | null,
): Promise<{ user: User } | { problem: AcceptanceProblem }> {
  return store.team.acceptInvitation(sha256Base64url(token), input, session?.createdAt ?? Date.now(), session);
}
