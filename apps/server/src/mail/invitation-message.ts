import { escapeHtml } from "../http/escape-html.ts";
import type { InvitationMail } from "./mailer.ts";

/** What an invitation says, in the two forms a mail client may show. */
export interface InvitationMessage {
  subject: string;
  text: string;
  html: string;
}

const EXPIRY_FORMAT = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", dateStyle: "full", timeStyle: "short" });

/** "Tuesday, 14 July 2026 at 09:30 UTC": the invitee's time zone is unknown, so the date says which one it is in. */
export function formatExpiry(expiresAt: number): string {
  return `${EXPIRY_FORMAT.format(expiresAt)} UTC`;
}

/**
 * Writes the invitation as plain text and as simple HTML. Workspace, inviter and SSO names are
 * chosen by users, so every value in the HTML is escaped: a workspace called `<Acme & Co>` must
 * read as text, not as markup or a link.
 */
export function composeInvitation(mail: InvitationMail): InvitationMessage {
  const expiry = formatExpiry(mail.expiresAt);
  const ssoLine = mail.ssoName ? `You will sign in with ${mail.ssoName}.` : null;
  const text = [
    `${mail.inviterName} invited you to join ${mail.workspaceName} on JAMS IMES.`,
    "",
    "Accept the invitation:",
    mail.inviteUrl,
    "",
    ...(ssoLine ? [ssoLine, ""] : []),
    `This link expires on ${expiry}. If it has expired, ask ${mail.inviterName} for a new one.`,
    "If you were not expecting this invitation, you can ignore this email.",
    "",
  ].join("\n");
  const html = [
    "<!doctype html>",
    '<html><body style="font-family: sans-serif; line-height: 1.5">',
    `<p>${escapeHtml(mail.inviterName)} invited you to join <strong>${escapeHtml(mail.workspaceName)}</strong> on JAMS IMES.</p>`,
    `<p><a href="${escapeHtml(mail.inviteUrl)}">Accept the invitation</a></p>`,
    `<p>Or open this link: ${escapeHtml(mail.inviteUrl)}</p>`,
    ...(ssoLine ? [`<p>${escapeHtml(ssoLine)}</p>`] : []),
    `<p>This link expires on ${escapeHtml(expiry)}. If it has expired, ask ${escapeHtml(mail.inviterName)} for a new one.</p>`,
    "<p>If you were not expecting this invitation, you can ignore this email.</p>",
    "</body></html>",
    "",
  ].join("\n");
  return { subject: `${mail.inviterName} invited you to ${mail.workspaceName} on JAMS IMES`, text, html };
}
