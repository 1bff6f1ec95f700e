import { decodeJwt, decodeProtectedHeader, type JWTPayload } from "jose";
import { sha256Base64url } from "../digest.ts";
import { isJsonObject } from "../json-object.ts";
import type { AppDeps } from "../trpc/context.ts";
import { SsoError } from "./sso-error.ts";

/** The event a logout token carries (OpenID Connect Back-Channel Logout 1.0 §2.4). */
export const BACKCHANNEL_LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";
/** How old a logout token may be: a short window, so a leaked token soon stops working even before its `jti` is remembered. */
export const LOGOUT_TOKEN_MAX_AGE_SECONDS = 120;
const CLOCK_TOLERANCE_SECONDS = 30;

/** Why a logout token was refused: answered as 400 `invalid_request` (§2.8), never with more detail than needed. */
export class LogoutTokenError extends Error {
  override name = "LogoutTokenError";
}

/** What a valid logout token asks: end these tenants' sessions from this IdP, by its session id or its user. */
export interface LogoutRequest {
  issuer: string;
  tenantIds: string[];
  subject?: string;
  sessionId?: string;
}

type LogoutDeps = Pick<AppDeps, "store" | "sso">;

function readUnverified(token: string): { header: ReturnType<typeof decodeProtectedHeader>; claims: JWTPayload } {
  try {
    return { header: decodeProtectedHeader(token), claims: decodeJwt(token) };
  } catch {
    throw new LogoutTokenError("not a JWT");
  }
}

/** The rules a logout token has beyond an ID token's (§2.6 steps 4–7): its event, a `sub` or `sid`, no `nonce`, a `jti`. */
function checkLogoutClaims(claims: JWTPayload): { subject?: string; sessionId?: string; jti: string } {
  if (!isJsonObject(claims.events) || !isJsonObject(claims.events[BACKCHANNEL_LOGOUT_EVENT]))
    throw new LogoutTokenError("no back-channel logout event");
  if (claims.nonce !== undefined) throw new LogoutTokenError("a logout token carries no nonce");
  const subject = typeof claims.sub === "string" && claims.sub !== "" ? claims.sub : undefined;
  const sessionId = typeof claims.sid === "string" && claims.sid !== "" ? claims.sid : undefined;
  if (!subject && !sessionId) throw new LogoutTokenError("neither sub nor sid");
  if (typeof claims.jti !== "string" || claims.jti === "") throw new LogoutTokenError("no jti");
  if (typeof claims.iat === "number" && claims.iat > Date.now() / 1000 + CLOCK_TOLERANCE_SECONDS)
    throw new LogoutTokenError("issued in the future");
  return { ...(subject ? { subject } : {}), ...(sessionId ? { sessionId } : {}), jti: claims.jti };
}

/**
 * Validates a logout token (OpenID Connect Back-Channel Logout 1.0 §2.6) like an ID token — signed
 * by the issuer's keys with an asymmetric algorithm, `iss` the saved issuer, `aud` a tenant's
 * client id, recent `iat` — plus the logout rules, and remembers its `jti` so it works once. The
 * tenants are the ones whose SSO config names that issuer and client id.
 */
export async function validateLogoutToken(deps: LogoutDeps, token: string): Promise<LogoutRequest> {
  const { header, claims } = readUnverified(token);
  if (header.typ !== undefined && header.typ.toLowerCase() !== "logout+jwt") throw new LogoutTokenError("wrong typ");
  if (typeof claims.iss !== "string") throw new LogoutTokenError("no iss");
  const audiences = typeof claims.aud === "string" ? [claims.aud] : Array.isArray(claims.aud) ? claims.aud : [];
  const configs = (await deps.store.sso.findConfigsByIssuer(claims.iss)).filter((config) => audiences.includes(config.clientId));
  if (configs.length === 0) throw new LogoutTokenError("no tenant trusts this issuer and audience");
  let verified: JWTPayload;
  try {
    const metadata = await deps.sso.metadata.get(claims.iss);
    verified = await deps.sso.jwks.verifyJwt(metadata.jwks_uri as string, token, {
      issuer: claims.iss,
      audience: configs.map((config) => config.clientId),
      maxTokenAge: LOGOUT_TOKEN_MAX_AGE_SECONDS,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    });
  } catch (error) {
    throw new LogoutTokenError(error instanceof SsoError ? error.detail : "the issuer could not be reached");
  }
  const { jti, ...who } = checkLogoutClaims(verified);
  const rememberUntil = Date.now() + (LOGOUT_TOKEN_MAX_AGE_SECONDS + CLOCK_TOLERANCE_SECONDS) * 1000;
  const isFirstUse = await deps.store.sso.consumeState(sha256Base64url(`backchannel-logout ${claims.iss} ${jti}`), rememberUntil);
  if (!isFirstUse) throw new LogoutTokenError("jti already used");
  return { issuer: claims.iss, tenantIds: configs.map((config) => config.tenantId), ...who };
}
