import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type LocalSmtp, startLocalSmtp } from "../test-support/local-smtp.ts";
import type { InvitationMail } from "./mailer.ts";
import { createSmtpMailer, type SmtpMailer } from "./smtp-mailer.ts";

const FROM = "JAMS IMES <no-reply@app.example.com>";
const INVITATION: InvitationMail = {
  to: "mo@acme.com",
  workspaceName: "Acme",
  inviterName: "Ada Admin",
  inviteUrl:
    "https://app.example.com/invite/eyJhbGciOiJIUzI1NiJ9.eyJpbnZpdGF0aW9uIjoiMTIzNDU2Nzg5MCJ9.c2lnbmF0dXJlLXRoYXQtaXMtcXVpdGUtbG9uZw",
  expiresAt: Date.UTC(2026, 6, 14, 9, 30),
  ssoName: null,
};

let smtp: LocalSmtp;
let mailer: SmtpMailer;
beforeEach(async () => {
  smtp = await startLocalSmtp();
  mailer = createSmtpMailer({ url: smtp.url, from: FROM });
});
afterEach(async () => {
  mailer.close();
  await smtp.close();
});

describe("createSmtpMailer: invitations through a real SMTP server", () => {
  it("logs in and delivers From, To, Subject, the link and its expiry in UTC, as text and HTML", async () => {
    await mailer.sendInvitation(INVITATION);
    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    expect(mail?.envelope).toEqual({ from: "no-reply@app.example.com", to: ["mo@acme.com"] });
    expect(mail?.header("from")).toBe(FROM);
    expect(mail?.header("to")).toBe("mo@acme.com");
    expect(mail?.header("subject")).toBe("Ada Admin invited you to Acme on JAMS IMES");
    expect(mail?.text).toContain(`\n${INVITATION.inviteUrl}\n`);
    expect(mail?.text).toContain("This link expires on Tuesday, 14 July 2026 at 09:30 UTC.");
    expect(mail?.text).not.toContain("sign in with");
    expect(mail?.html).toContain(`<a href="${INVITATION.inviteUrl}">Accept the invitation</a>`);
    expect(mail?.html).toContain("Tuesday, 14 July 2026 at 09:30 UTC");
  });

  it("tells the invitee which SSO they will sign in with", async () => {
    await mailer.sendInvitation({ ...INVITATION, ssoName: "Okta" });
    expect(smtp.received[0]?.text).toContain("You will sign in with Okta.");
    expect(smtp.received[0]?.html).toContain("<p>You will sign in with Okta.</p>");
  });

  it("sends without logging in when SMTP_URL has no credentials", async () => {
    const open = await startLocalSmtp(null);
    const anonymous = createSmtpMailer({ url: open.url, from: FROM });
    try {
      await anonymous.sendInvitation(INVITATION);
      expect(open.received.map((mail) => mail.envelope.to)).toEqual([["mo@acme.com"]]);
    } finally {
      anonymous.close();
      await open.close();
    }
  });

  it("names its server as host:port, with the default port of each scheme and no credentials", () => {
    expect(mailer.server).toBe(new URL(smtp.url).host);
    expect(createSmtpMailer({ url: "smtp://user:pw@smtp.example.com", from: FROM }).server).toBe("smtp.example.com:587");
    expect(createSmtpMailer({ url: "smtps://user:pw@smtp.example.com", from: FROM }).server).toBe("smtp.example.com:465");
    expect(createSmtpMailer({ url: "smtp://smtp.example.com:2525", from: FROM }).server).toBe("smtp.example.com:2525");
  });
});
