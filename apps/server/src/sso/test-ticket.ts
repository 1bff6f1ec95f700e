import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { derivedKey } from "../crypto/derived-key.ts";

/** A ticket is used at once by the window the SPA opens; it is not worth anything after two minutes. */
export const TEST_TICKET_TTL_MS = 2 * 60_000;

export interface TestTicket {
  tenantId: string;
  userId: string;
  /** Random: each ticket starts one Test sign-in (see `consumeState`). */
  id: string;
  expiresAt: number;
}

/** Its own key, so a ticket can never pass for a session or a transaction. */
const TICKET_KEY_LABEL = "jams-imes sso test ticket v1";

const macOf = (payload: string, jwtSecret: Uint8Array) =>
  createHmac("sha256", derivedKey(jwtSecret, TICKET_KEY_LABEL)).update(payload).digest();

/**
 * What lets the window an admin's Test sign-in opens start the flow for them: it is posted (never in
 * a URL), signed, short-lived and used once. It grants no session and no access to anything else.
 */
export function issueTestTicket(tenantId: string, userId: string, jwtSecret: Uint8Array, now = Date.now()): string {
  const ticket: TestTicket = { tenantId, userId, id: randomBytes(16).toString("base64url"), expiresAt: now + TEST_TICKET_TTL_MS };
  const payload = Buffer.from(JSON.stringify(ticket)).toString("base64url");
  return `${payload}.${macOf(payload, jwtSecret).toString("base64url")}`;
}

/** The ticket's content when it is genuine and unexpired; null otherwise. It is not consumed here. */
export function openTestTicket(value: string, jwtSecret: Uint8Array, now = Date.now()): TestTicket | null {
  const [payload, mac, ...rest] = value.split(".");
  if (!payload || !mac || rest.length > 0 || value.length > 1024) return null;
  const expected = macOf(payload, jwtSecret);
  const given = Buffer.from(mac, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const ticket = JSON.parse(Buffer.from(payload, "base64url").toString()) as Partial<TestTicket>;
    const isWellFormed =
      typeof ticket.tenantId === "string" &&
      typeof ticket.userId === "string" &&
      typeof ticket.id === "string" &&
      typeof ticket.expiresAt === "number";
    return isWellFormed && (ticket.expiresAt as number) > now ? (ticket as TestTicket) : null;
  } catch {
    return null;
  }
}
