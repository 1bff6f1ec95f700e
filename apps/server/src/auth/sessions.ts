import { randomBytes } from "node:crypto";
import type { SignInMethod } from "@jams/contracts";
import type { SessionStart, User } from "@jams/db";
import { SESSION_TTL_SECONDS, signSessionToken } from "./session-token.ts";

/** A request records activity on its session at most this often, so checking a session stays a read. */
export const TOUCH_INTERVAL_MS = 5 * 60_000;
const MAX_USER_AGENT_LENGTH = 200;

/** A new 8-hour session for a sign-in: a random 128-bit id, and the browser that asked (shown among the user's sessions). */
export function newSessionStart(userAgent: string | undefined, now = Date.now()): SessionStart {
  return {
    id: randomBytes(16).toString("base64url"),
    userAgent: (userAgent ?? "").slice(0, MAX_USER_AGENT_LENGTH),
    createdAt: now,
    expiresAt: now + SESSION_TTL_SECONDS * 1000,
  };
}

/** The session JWT the SPA keeps for a session just opened. */
export function tokenForSession(user: User, method: SignInMethod, session: SessionStart, jwtSecret: Uint8Array): string {
  return signSessionToken({ userId: user.id, tenantId: user.tenantId, role: user.role, method, sessionId: session.id }, jwtSecret);
}
