import { randomUUID } from "node:crypto";
import { INVITE_TTL_DAYS, type Role } from "@jams/contracts";
import type { AcceptanceProblem, InvitationProblem, InviteProblem, OpenInvitation, SessionStart, Store, User } from "@jams/db";
import { sha256Base64url } from "../digest.ts";
import { invitationTokenOf } from "./invitation-links.ts";

export type { AcceptanceProblem, InvitationProblem } from "@jams/db";

/** A new invitation id, the link token derived from it, and the record to store (the token's hash, a week's validity). */
function newLink(jwtSecret: Uint8Array) {
  const id = randomUUID();
  const token = invitationTokenOf(id, jwtSecret);
  return { token, record: { id, tokenHash: sha256Base64url(token), expiresAt: Date.now() + INVITE_TTL_DAYS * 24 * 60 * 60 * 1000 } };
}

/**
 * Invites an email into a tenant: an `invited` user plus a single-use link whose token is derived
 * from the invitation's id (only its hash is stored). Re-inviting someone still pending in the same
 * tenant replaces their earlier link.
 */
export async function createInvitation(
  store: Store,
  jwtSecret: Uint8Array,
  input: { tenantId: string; invitedBy: string; email: string; role: Role },
): Promise<{ token: string; expiresAt: number } | { problem: InviteProblem }> {
  const { token, record } = newLink(jwtSecret);
  const result = await store.team.createInvitation({ ...input, ...record });
  return "problem" in result ? result : { token, expiresAt: record.expiresAt };
}

/**
 * *Copy link*: the pending invitation's link, derived again. Undefined for an invitation that is
 * not pending, or whose link was made before links were derived (only *Resend* helps then).
 */
export async function invitationLinkOf(
  store: Store,
  jwtSecret: Uint8Array,
  tenantId: string,
  invitationId: string,
): Promise<{ token: string; expiresAt: number } | { problem: "not_found" | "not_recoverable" }> {
  const pending = await store.team.findPendingInvitation(tenantId, invitationId);
  if (!pending) return { problem: "not_found" };
  const token = invitationTokenOf(pending.id, jwtSecret);
  return sha256Base64url(token) === pending.tokenHash ? { token, expiresAt: pending.expiresAt } : { problem: "not_recoverable" };
}

/** *Resend*: a new link (and a new week) for a pending invitation; the old link stops working. */
export async function reissueInvitation(
  store: Store,
  jwtSecret: Uint8Array,
  input: { tenantId: string; invitationId: string; actorUserId: string },
): Promise<{ token: string; email: string; expiresAt: number } | undefined> {
  const { token, record } = newLink(jwtSecret);
  const reissued = await store.team.reissueInvitation(input.tenantId, input.invitationId, record, input.actorUserId);
  return reissued ? { token, email: reissued.email, expiresAt: reissued.expiresAt } : undefined;
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
