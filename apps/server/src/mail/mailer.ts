/** An invitation as it is mailed: everything the message says, nothing secret beyond the link itself. */
export interface InvitationMail {
  to: string;
  workspaceName: string;
  inviterName: string;
  inviteUrl: string;
  expiresAt: number;
  /** The workspace's SSO, when invitees sign in with it. */
  ssoName: string | null;
}

/** Sends the product's mail. Absent (`null` in the deps) when `SMTP_URL` is not set: admins copy links instead. */
export interface Mailer {
  /** Resolves once the SMTP server accepted the message; rejects with a reason that names no secret. */
  sendInvitation(mail: InvitationMail): Promise<void>;
  close(): void;
}
