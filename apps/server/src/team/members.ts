import type { PendingInvitation, User } from "@jams/db";

/** The public view of a user on Team Members; an invitee carries their pending invitation. */
export function toMemberView(user: User, invitation: PendingInvitation | null = null, now = Date.now()) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    status: user.status,
    lastSignInAt: user.lastSignInAt === null ? null : new Date(user.lastSignInAt).toISOString(),
    lastSignInMethod: user.lastSignInMethod,
    /** Their first SSO sign-in pinned an IdP identity (reset it when their mailbox was recreated at the IdP). */
    isSsoLinked: user.idpSubject !== null,
    isScimManaged: user.isScimManaged,
    invitation: invitation
      ? { id: invitation.id, expiresAt: new Date(invitation.expiresAt).toISOString(), isExpired: invitation.expiresAt <= now }
      : null,
  };
}
