import type { webcrypto } from "node:crypto";
import { type SignInMethod, signInMethodSchema } from "@jams/contracts";
import { jwtVerify, SignJWT } from "jose";

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

const hmacKeys = new WeakMap<Uint8Array, Promise<webcrypto.CryptoKey>>();

/** The HMAC key, imported into WebCrypto once per secret rather than on every token (jose would). */
function hmacKeyOf(secret: Uint8Array): Promise<webcrypto.CryptoKey> {
  let key = hmacKeys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", new Uint8Array(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
    hmacKeys.set(secret, key);
  }
  return key;
}

/** Signs an 8-hour HS256 session JWT (RFC 7519) carrying who signed in, where, how, and which server-side session it is. */
export async function signSessionToken(claims: SessionClaims, secret: Uint8Array): Promise<string> {
  return new SignJWT({ tid: claims.tenantId, role: claims.role, method: claims.method, sid: claims.sessionId })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(claims.userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${SESSION_TTL_SECONDS}s`)
    .sign(await hmacKeyOf(secret));
}

/** Verifies a session JWT; only HS256 with our secret is accepted. Returns null for anything invalid. */
export async function verifySessionToken(token: string, secret: Uint8Array): Promise<SessionClaims | null> {
  try {
    const { payload } = await jwtVerify(token, await hmacKeyOf(secret), { algorithms: ["HS256"], issuer: ISSUER, audience: AUDIENCE });
    const method = signInMethodSchema.safeParse(payload.method);
    if (typeof payload.sub !== "string" || typeof payload.tid !== "string" || typeof payload.sid !== "string" || !method.success)
      return null;
    if (payload.role !== "admin" && payload.role !== "member") return null;
    return { userId: payload.sub, tenantId: payload.tid, role: payload.role, method: method.data, sessionId: payload.sid };
  } catch {
    return null;
  }
}
