import { SMTPServer } from "smtp-server";

/** A message as the server received it: the envelope, the raw RFC 5322 text, and its text and HTML parts decoded. */
export interface ReceivedMail {
  envelope: { from: string; to: string[] };
  raw: string;
  /** A header's value, unfolded and decoded (`subject`, `from`, `to`…), case-insensitively. */
  header(name: string): string | undefined;
  text: string;
  html: string;
}

export interface LocalSmtp {
  /** `smtp://user:password@127.0.0.1:<port>` with the credentials, for `SMTP_URL`. */
  url: string;
  /** Every message accepted so far, in order. */
  received: ReceivedMail[];
  /** Stops listening; sending to `url` is then refused. Safe to call again. */
  close(): Promise<void>;
}

export const SMTP_USER = "jams-smtp-login";
export const SMTP_PASSWORD = "s3cret-smtp-password";

interface Entity {
  headers: Map<string, string>;
  body: string;
}

function parseEntity(source: string): Entity {
  const split = source.indexOf("\r\n\r\n");
  const head = source.slice(0, split).replace(/\r\n[ \t]+/g, " ");
  const headers = new Map<string, string>();
  for (const line of head.split("\r\n")) {
    const colon = line.indexOf(":");
    headers.set(line.slice(0, colon).trim().toLowerCase(), decodeHeader(line.slice(colon + 1).trim()));
  }
  return { headers, body: source.slice(split + 4) };
}

/** Bytes written as `=XX` (quoted-printable, and RFC 2047's Q encoding) read back as UTF-8. */
function decodeHexEscapes(text: string): string {
  return Buffer.from(
    text.replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
    "latin1",
  ).toString("utf8");
}

/** A part's content with its transfer encoding undone and its lines ending in `\n`. */
function decodeBody({ headers, body }: Entity): string {
  const encoding = headers.get("content-transfer-encoding")?.toLowerCase();
  const decoded =
    encoding === "base64"
      ? Buffer.from(body, "base64").toString("utf8")
      : encoding === "quoted-printable"
        ? decodeHexEscapes(body.replace(/=\r\n/g, ""))
        : body;
  return decoded.replace(/\r\n/g, "\n");
}

/** A header with its RFC 2047 encoded words (`=?UTF-8?Q?=3CAcme?=`) decoded; the space between two of them goes. */
function decodeHeader(value: string): string {
  return value.replace(/=\?[^?]+\?([QB])\?([^?]*)\?=(?:\s+(?==\?))?/gi, (_, encoding: string, data: string) =>
    encoding.toUpperCase() === "B" ? Buffer.from(data, "base64").toString("utf8") : decodeHexEscapes(data.replace(/_/g, " ")),
  );
}

/**
 * Just enough MIME for what nodemailer sends here: a single part, or one multipart/alternative of
 * text and HTML, each 7bit, quoted-printable or base64. (mailparser would bring an HTML-to-text
 * converter and a list of top-level domains for this.)
 */
function parseMail(raw: string, envelope: ReceivedMail["envelope"]): ReceivedMail {
  const message = parseEntity(raw);
  const boundary = /boundary="?([^";]+)"?/.exec(message.headers.get("content-type") ?? "")?.[1];
  const parts = boundary
    ? message.body
        .split(`--${boundary}`)
        .slice(1, -1)
        .map((part) => parseEntity(part.replace(/^\r\n/, "")))
    : [message];
  const partOf = (type: string) => parts.find((part) => part.headers.get("content-type")?.toLowerCase().startsWith(type));
  const decoded = (part: Entity | undefined) => (part ? decodeBody(part) : "");
  return {
    envelope,
    raw,
    header: (name) => message.headers.get(name.toLowerCase()),
    text: decoded(partOf("text/plain")),
    html: decoded(partOf("text/html")),
  };
}

/**
 * A real SMTP server on 127.0.0.1 that keeps what it receives. Plain text only (no TLS, no
 * STARTTLS offered) with AUTH allowed over it, so nodemailer logs in with the URL's credentials
 * without a certificate to trust. Given no `credentials` it takes mail without AUTH. A wrong
 * login is refused with a reply that quotes the password it was sent, as careless servers do, so
 * tests can prove it never reaches an error or a log.
 */
export async function startLocalSmtp(
  credentials: { user: string; password: string } | null = { user: SMTP_USER, password: SMTP_PASSWORD },
) {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: credentials ? ["STARTTLS"] : ["STARTTLS", "AUTH"],
    allowInsecureAuth: true,
    authOptional: !credentials,
    logger: false,
    closeTimeout: 1000,
    onAuth(auth, _session, callback) {
      if (auth.username === credentials?.user && auth.password === credentials?.password) return callback(null, { user: auth.username });
      callback(new Error(`Invalid login ${auth.username}:${auth.password}`));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((recipient) => recipient.address),
        };
        received.push(parseMail(Buffer.concat(chunks).toString("utf8"), envelope));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as { port: number };
  let closing: Promise<void> | undefined;
  const local: LocalSmtp = {
    url: credentials
      ? `smtp://${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}`
      : `smtp://127.0.0.1:${port}`,
    received,
    close: () => {
      closing ??= new Promise<void>((resolve) => server.close(resolve));
      return closing;
    },
  };
  return local;
}
