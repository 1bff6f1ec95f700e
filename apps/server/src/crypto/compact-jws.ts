import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * HS256 compact JWS (RFC 7515) for the tokens JAMS IMES mints and reads itself — session tokens
 * and SSO transaction cookies — with node:crypto: an HMAC here costs a few microseconds, against
 * tens through WebCrypto (which jose uses). Each kind of token has one fixed header, compared
 * byte for byte, so `alg` and `typ` cannot vary; tokens from identity providers keep jose's and
 * oauth4webapi's rules.
 */

/** The base64url protected header of a kind of token, computed once. */
export function jwsHeader(header: { alg: "HS256"; typ: string }): string {
  return Buffer.from(JSON.stringify(header)).toString("base64url");
}

const macOf = (key: Uint8Array, signingInput: string) => createHmac("sha256", key).update(signingInput).digest();

/** Signs a payload under a fixed header. */
export function signHs256(header: string, payload: object, key: Uint8Array): string {
  const signingInput = `${header}.${Buffer.from(JSON.stringify(payload)).toString("base64url")}`;
  return `${signingInput}.${macOf(key, signingInput).toString("base64url")}`;
}

/** The largest token read; ours are a few hundred bytes. */
const MAX_TOKEN_LENGTH = 4096;

/**
 * The payload of a token whose header is exactly `header` and whose HMAC is valid, compared in
 * constant time; null for anything else (another header, a bad signature, malformed parts or JSON,
 * a payload that is not an object).
 */
export function openHs256(token: string, header: string, key: Uint8Array): Record<string, unknown> | null {
  if (token.length > MAX_TOKEN_LENGTH) return null;
  const firstDot = token.indexOf(".");
  const lastDot = token.lastIndexOf(".");
  if (firstDot <= 0 || lastDot === firstDot || token.slice(0, firstDot) !== header) return null;
  const signingInput = token.slice(0, lastDot);
  const signature = Buffer.from(token.slice(lastDot + 1), "base64url");
  const expected = macOf(key, signingInput);
  if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) return null;
  try {
    const payload: unknown = JSON.parse(Buffer.from(token.slice(firstDot + 1, lastDot), "base64url").toString("utf8"));
    return typeof payload === "object" && payload !== null && !Array.isArray(payload) ? (payload as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Seconds a token's `iat` may lie in the future (clocks of several instances differ a little). */
export const CLOCK_TOLERANCE_SECONDS = 30;

/**
 * RFC 7519's time rules for our tokens: `exp` a number in the future, `iat` a number not in the
 * future (beyond the tolerance) and, when `maxAgeSeconds` is given, not older than that; `nbf`,
 * which we never set, is refused.
 */
export function isCurrent(payload: Record<string, unknown>, nowSeconds: number, maxAgeSeconds?: number): boolean {
  const { exp, iat, nbf } = payload;
  if (typeof exp !== "number" || typeof iat !== "number" || nbf !== undefined) return false;
  if (exp <= nowSeconds || iat > nowSeconds + CLOCK_TOLERANCE_SECONDS) return false;
  return maxAgeSeconds === undefined || nowSeconds - iat <= maxAgeSeconds;
}
