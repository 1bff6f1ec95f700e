import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSmtpMailer } from "../../mail/smtp-mailer.ts";
import { type LocalSmtp, SMTP_PASSWORD, startLocalSmtp } from "../../test-support/local-smtp.ts";
import { ssoTenant, startIdpFor } from "../../test-support/sso-harness.ts";
import { createTestApp, signUpWorkspace, type TestApp } from "../../test-support/test-app.ts";

const FROM = "JAMS IMES <no-reply@localhost>";

/** A test app that mails through `url`, wired as main.ts wires one from `SMTP_URL`. */
async function appMailingThrough(url: string) {
  const smtpConfig = { url, from: FROM };
  const mailer = createSmtpMailer(smtpConfig);
  const app = await createTestApp({ smtp: smtpConfig }, { mailer });
  const closeApp = app.close;
  app.close = async () => {
    await closeApp();
    mailer.close();
  };
  return app;
}

let smtp: LocalSmtp;
let t: TestApp;
beforeEach(async () => {
  smtp = await startLocalSmtp();
  t = await appMailingThrough(smtp.url);
});
afterEach(async () => {
  await t.close();
  await smtp.close();
});

interface Invited {
  inviteUrl: string;
  isEmailSent: boolean;
}

const invite = (admin: string, email = "mo@acme.com") => t.mutate<Invited>("team.invite", { email, role: "member" }, admin);
const invitationIdOf = async (admin: string, email: string) => {
  const list = await t.query<{ members: Array<{ email: string; invitation: { id: string } | null }> }>("team.list", undefined, admin);
  return list.data.members.find((member) => member.email === email)?.invitation?.id;
};
const failures = () => t.logs.filter((line) => JSON.parse(line).event === "mail.invitation_failed").map((line) => JSON.parse(line));

describe("Team Members: invitations mailed over SMTP", () => {
  it("team.invite mails the invitee the very link it returns", async () => {
    const admin = await signUpWorkspace(t, "ann@acme.com", "Acme");
    const invited = await invite(admin);
    expect(invited.data.isEmailSent).toBe(true);
    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    expect(mail?.envelope.to).toEqual(["mo@acme.com"]);
    expect(mail?.header("from")).toBe(FROM);
    expect(mail?.header("subject")).toBe("Ada Admin invited you to Acme on JAMS IMES");
    expect(mail?.text.split("\n")).toContain(invited.data.inviteUrl);
    expect(mail?.html).toContain(`<a href="${invited.data.inviteUrl}">`);
    expect(failures()).toEqual([]);
  });

  it("team.resendInvitation mails the new link, not the old one", async () => {
    const admin = await signUpWorkspace(t, "ann@acme.com", "Acme");
    const first = await invite(admin);
    const resent = await t.mutate<Invited>("team.resendInvitation", { invitationId: await invitationIdOf(admin, "mo@acme.com") }, admin);
    expect(resent.data.isEmailSent).toBe(true);
    expect(resent.data.inviteUrl).not.toBe(first.data.inviteUrl);
    expect(smtp.received.map((mail) => mail.envelope.to)).toEqual([["mo@acme.com"], ["mo@acme.com"]]);
    expect(smtp.received[1]?.text.split("\n")).toContain(resent.data.inviteUrl);
    expect(smtp.received[1]?.text).not.toContain(first.data.inviteUrl);
  });

  it("tells the invitee which SSO they will sign in with when the workspace has one", async () => {
    const idp = await startIdpFor(t, []);
    try {
      const admin = await ssoTenant(t, idp, "ann@acme.com", "Acme");
      expect((await invite(admin)).data.isEmailSent).toBe(true);
      expect(smtp.received[0]?.text).toContain("You will sign in with Local IdP.");
    } finally {
      await idp.close();
    }
  });

  it("with the SMTP server down, the invitation is still made: isEmailSent false, the link to copy, mail.invitation_failed logged", async () => {
    const admin = await signUpWorkspace(t, "ann@acme.com", "Acme");
    await smtp.close();
    const invited = await invite(admin);
    expect([invited.status, invited.data.isEmailSent]).toEqual([200, false]);
    const token = new URL(invited.data.inviteUrl).pathname.split("/").pop();
    expect((await t.query("invites.get", { token })).status).toBe(200);
    expect(failures()).toEqual([
      expect.objectContaining({ level: "error", error: "SmtpMailError", message: expect.stringContaining(new URL(smtp.url).host) }),
    ]);
    expect(t.logs.join("\n")).not.toContain(SMTP_PASSWORD);
  });

  it("a refused SMTP login is logged with its code, never with the password the server's reply quotes", async () => {
    const url = new URL(smtp.url);
    url.password = "a-wrong-password-3c7e";
    const app = await appMailingThrough(url.href);
    try {
      const admin = await signUpWorkspace(app, "ann@acme.com", "Acme");
      const invited = await app.mutate<Invited>("team.invite", { email: "mo@acme.com", role: "member" }, admin);
      expect([invited.status, invited.data.isEmailSent]).toEqual([200, false]);
      const logged = app.logs.map((line) => JSON.parse(line)).filter((line) => line.event === "mail.invitation_failed");
      expect(logged).toEqual([expect.objectContaining({ error: "SmtpMailError", message: expect.stringContaining("(EAUTH, reply 535)") })]);
      expect(app.logs.join("\n")).not.toContain("a-wrong-password-3c7e");
      expect(smtp.received).toHaveLength(0);
    } finally {
      await app.close();
    }
  });
});
