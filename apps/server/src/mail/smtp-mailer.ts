import { createTransport } from "nodemailer";
import { parseConnectionUrl } from "nodemailer/lib/shared";
import { composeInvitation } from "./invitation-message.ts";
import type { Mailer } from "./mailer.ts";

/** How long connecting, the server's greeting and each silence mid-conversation may take. */
const DEFAULT_TIMEOUT_MS = 10_000;

/** A mailer that knows where it sends, for the start-up log line. */
export interface SmtpMailer extends Mailer {
  /** `host:port`, never the credentials. */
  readonly server: string;
}

/**
 * The SMTP server could not be reached or did not accept the message. The message names the
 * server, nodemailer's error code and the SMTP reply code, nothing else: nodemailer's own messages
 * quote the server's replies, which may echo what the client sent, and they end up in the logs.
 */
export class SmtpMailError extends Error {
  override name = "SmtpMailError";

  constructor(
    readonly server: string,
    readonly code: string,
    readonly responseCode: number | undefined,
  ) {
    super(`The SMTP server ${server} did not take the message (${code}${responseCode ? `, reply ${responseCode}` : ""})`);
  }
}

/** nodemailer's code (`EAUTH`, `ECONNECTION`, `ETIMEDOUT`…) and reply code, only when they have the expected shape. */
function toSmtpMailError(server: string, error: unknown): SmtpMailError {
  const { code, responseCode } = (error ?? {}) as { code?: unknown; responseCode?: unknown };
  return new SmtpMailError(
    server,
    typeof code === "string" && /^E[A-Z]{2,20}$/.test(code) ? code : "EUNKNOWN",
    typeof responseCode === "number" && Number.isInteger(responseCode) ? responseCode : undefined,
  );
}

/**
 * Mails invitations through the server in `SMTP_URL` (`smtp://` upgrades with STARTTLS when the
 * server offers it, `smtps://` is TLS from the start; nodemailer's URL options such as
 * `?requireTLS=true` apply). One connection per message, not a pool: invitations are rare, and a
 * pooled connection would sit idle until the server drops it. Every wait is bounded and the whole
 * send is cut off after three of them, so a dead server delays `team.invite` by seconds, not minutes.
 */
export function createSmtpMailer(smtp: { url: string; from: string }, options: { timeoutMs?: number } = {}): SmtpMailer {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const connection = parseConnectionUrl(smtp.url);
  const server = `${connection.host ?? "localhost"}:${connection.port ?? (connection.secure ? 465 : 587)}`;
  const transport = createTransport({
    ...connection,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    dnsTimeout: timeoutMs,
  });
  return {
    server,
    async sendInvitation(mail) {
      const deadline = AbortSignal.timeout(3 * timeoutMs);
      try {
        await transport.sendMail({ from: smtp.from, to: mail.to, ...composeInvitation(mail), signal: deadline });
      } catch (error) {
        throw deadline.aborted ? new SmtpMailError(server, "ETIMEDOUT", undefined) : toSmtpMailError(server, error);
      }
    },
    close: () => transport.close(),
  };
}
