import { createServer, type Server, type Socket } from "node:net";
import { createTransport } from "nodemailer";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type LocalSmtp, SMTP_PASSWORD, SMTP_USER, startLocalSmtp } from "../test-support/local-smtp.ts";
import type { InvitationMail } from "./mailer.ts";
import { createSmtpMailer, SmtpMailError } from "./smtp-mailer.ts";

const FROM = "JAMS IMES <no-reply@app.example.com>";
const WRONG_PASSWORD = "wrong-but-still-secret-9f3a";
const INVITATION: InvitationMail = {
  to: "mo@acme.com",
  workspaceName: "Acme",
  inviterName: "Ada Admin",
  inviteUrl: "https://app.example.com/invite/token",
  expiresAt: Date.UTC(2026, 6, 14, 9, 30),
  ssoName: null,
};

let smtp: LocalSmtp;
beforeEach(async () => {
  smtp = await startLocalSmtp();
});
afterEach(async () => smtp.close());

/** The rejection of one send, and how long it took. */
async function failedSend(url: string, timeoutMs?: number) {
  const mailer = createSmtpMailer({ url, from: FROM }, { timeoutMs });
  const started = Date.now();
  try {
    const error = await mailer.sendInvitation(INVITATION).then(
      () => expect.unreachable("the send should have failed"),
      (reason: unknown) => reason,
    );
    return { error: error as SmtpMailError, elapsedMs: Date.now() - started };
  } finally {
    mailer.close();
  }
}

/** A TCP server on 127.0.0.1 that plays a misbehaving SMTP server with each connection. */
async function startFakeSmtp(onConnection: (socket: Socket) => void) {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    onConnection(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as { port: number }).port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const urlWithPassword = (password: string) => {
  const url = new URL(smtp.url);
  url.password = password;
  return url.href;
};

describe("invitation mail: names chosen by users stay text", () => {
  it("escapes the workspace, inviter and SSO names in the HTML part: <Acme & Co> is text, not markup", async () => {
    const mailer = createSmtpMailer({ url: smtp.url, from: FROM });
    await mailer.sendInvitation({
      ...INVITATION,
      workspaceName: "<Acme & Co>",
      inviterName: 'Eve "<script>alert(1)</script>"',
      ssoName: '<img src=x onerror="alert(2)">',
    });
    mailer.close();
    const [mail] = smtp.received;
    expect(mail?.html).toContain("<strong>&lt;Acme &amp; Co&gt;</strong>");
    expect(mail?.html).toContain("Eve &quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot;");
    expect(mail?.html).toContain("&lt;img src=x onerror=&quot;alert(2)&quot;&gt;");
    expect(mail?.html).not.toMatch(/<script|<img|<Acme/);
    expect(mail?.text).toContain('Eve "<script>alert(1)</script>" invited you to join <Acme & Co> on JAMS IMES.');
    expect(mail?.header("subject")).toBe('Eve "<script>alert(1)</script>" invited you to <Acme & Co> on JAMS IMES');
  });
});

describe("SMTP failures: bounded, and the password is never in the rejection", () => {
  it("the guard is needed: nodemailer's own error quotes a server reply that echoes the password", async () => {
    const transport = createTransport(urlWithPassword(WRONG_PASSWORD));
    const raw = await transport.sendMail({ from: FROM, to: "mo@acme.com", text: "hi" }).catch((error: Error) => error);
    transport.close();
    expect(String((raw as Error).message)).toContain(WRONG_PASSWORD);
  });

  it("a refused login rejects with EAUTH, the server and the reply code, and neither the password nor the reply", async () => {
    const { error } = await failedSend(urlWithPassword(WRONG_PASSWORD));
    expect(error).toBeInstanceOf(SmtpMailError);
    expect([error.code, error.responseCode, error.server]).toEqual(["EAUTH", 535, new URL(smtp.url).host]);
    expect(error.message).toBe(`The SMTP server ${new URL(smtp.url).host} did not take the message (EAUTH, reply 535)`);
    for (const told of [error.message, String(error.stack), JSON.stringify(error), String(error.cause)]) {
      expect(told).not.toContain(WRONG_PASSWORD);
      expect(told).not.toContain(SMTP_USER);
    }
    expect(smtp.received).toHaveLength(0);
  });

  it("with ?requireTLS=true a server that offers no STARTTLS is sent nothing (ETLS)", async () => {
    const { error } = await failedSend(`${smtp.url}?requireTLS=true`);
    expect(error.code).toBe("ETLS");
    expect(error.message).not.toContain(SMTP_PASSWORD);
    expect(smtp.received).toHaveLength(0);
  });

  it("a server that is down rejects at once, without the password", async () => {
    const url = smtp.url;
    await smtp.close();
    const { error, elapsedMs } = await failedSend(url);
    expect(error).toBeInstanceOf(SmtpMailError);
    expect(["ECONNECTION", "ESOCKET"]).toContain(error.code);
    expect(elapsedMs).toBeLessThan(2000);
    expect(`${error.message} ${error.stack}`).not.toContain(new URL(url).password);
  });

  it("a server that accepts the connection but never greets is given up on after the timeout", async () => {
    const { port, close } = await startFakeSmtp(() => undefined);
    try {
      const { error, elapsedMs } = await failedSend(`smtp://${SMTP_USER}:${WRONG_PASSWORD}@127.0.0.1:${port}`, 300);
      expect(error.code).toBe("ETIMEDOUT");
      expect(elapsedMs).toBeGreaterThanOrEqual(250);
      expect(elapsedMs).toBeLessThan(2000);
      expect(error.message).not.toContain(WRONG_PASSWORD);
    } finally {
      await close();
    }
  });

  it("a server that answers each command just inside the timeout is cut off by the deadline of the whole send", async () => {
    const { port, close } = await startFakeSmtp((socket) => {
      const reply = (line: string) => setTimeout(() => socket.writable && socket.write(`${line}\r\n`), 200);
      reply("220 slow.example.com ESMTP");
      socket.on("data", () => reply("250 ok"));
    });
    try {
      const { error, elapsedMs } = await failedSend(`smtp://127.0.0.1:${port}`, 300);
      expect([error.code, error.message]).toEqual(["ETIMEDOUT", `The SMTP server 127.0.0.1:${port} did not take the message (ETIMEDOUT)`]);
      expect(elapsedMs).toBeGreaterThanOrEqual(850);
      expect(elapsedMs).toBeLessThan(2000);
    } finally {
      await close();
    }
  });
});
