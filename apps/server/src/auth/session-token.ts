import { type SignInMethod, signInMethodSchema } from "@jams/contracts";
import { isCurrent, jwsHeader, openHs256, signHs256 } from "../crypto/compact-jws.ts";

export const SESSION_TTL_SECONDS = 8 * 60 * 60;
const ISSUER = "jams-imes";
const AUDIENCE = "jams-imes:session";

export interface SessionClaims {
  userId: string;
  tenantId: string;
  role: "admin" | "member";
  method: SignInMethod;
  /** The server-side session this token stands for (`sessions.id`), checked on every request. */
  sessionId: string;
}

const HEADER = jwsHeader({ alg: "HS256", typ: "JWT" });

/** Signs an 8-hour HS256 session JWT (RFC 7519) carrying who signed in, where, how, and which server-side session it is. */
export function signSessionToken(claims: SessionClaims, secret: Uint8Array, now = Date.now()): string {
  const issuedAt = Math.floor(now / 1000);
  return signHs256(
    HEADER,
    {
      tid: claims.tenantId,
      role: claims.role,
      method: claims.method,
      sid: claims.sessionId,
      sub: claims.userId,
      iss: ISSUER,
      aud: AUDIENCE,
      iat: issuedAt,
      exp: issuedAt + SESSION_TTL_SECONDS,
    },
    secret,
  );
}

/**
 * Verifies a session JWT: exactly our header (HS256), our secret, our issuer and audience, not
 * expired, not issued in the future. Returns null for anything invalid.
 */
export function verifySessionToken(token: string, secret: Uint8Array, now = Date.now()): SessionClaims | null {
  const payload = openHs256(token, HEADER, secret);
  if (!payload || !isCurrent(payload, Math.floor(now / 1000)) || payload.iss !== ISSUER || payload.aud !== AUDIENCE) return null;
  const method = signInMethodSchema.safeParse(payload.method);
  if (typeof payload.sub !== "string" || typeof payload.tid !== "string" || typeof payload.sid !== "string" || !method.success) return null;
  if (payload.role !== "admin" && payload.role !== "member") return null;
  return { userId: payload.sub, tenantId: payload.tid, role: payload.role, method: method.data, sessionId: payload.sid };
}
