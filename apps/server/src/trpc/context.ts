import type { SignInMethod } from "@jams/contracts";
import type { Store, Tenant, User } from "@jams/db";
import type { AbuseGuard } from "../abuse/abuse-guard.ts";
import { verifySessionToken } from "../auth/session-token.ts";
import { TOUCH_INTERVAL_MS } from "../auth/sessions.ts";
import type { AppConfig } from "../config.ts";
import type { TxtLookup } from "../domains/txt-lookup.ts";
import type { Logger } from "../logger.ts";
import type { Mailer } from "../mail/mailer.ts";
import type { IdpMetadataCache, TransportOptions } from "../sso/idp-metadata.ts";
import type { JwksCache } from "../sso/jwks-cache.ts";

export interface AppDeps {
  store: Store;
  config: AppConfig;
  logger: Logger;
  abuse: AbuseGuard;
  sso: { metadata: IdpMetadataCache; transport: TransportOptions; jwks: JwksCache };
  /** Mail (invitations), when `SMTP_URL` is set. */
  mailer: Mailer | null;
  /** DNS, for domain verification. */
  dns: { lookupTxt: TxtLookup };
}

export interface Session {
  user: User;
  tenant: Tenant;
  method: SignInMethod;
  /** The server-side session (`sessions.id`). */
  sessionId: string;
  /** When its sign-in happened (epoch ms): how fresh the proof of identity is. */
  authenticatedAt: number;
}

export interface Context extends AppDeps {
  session: Session | null;
  clientIp: string;
  /** The HttpOnly cookie that binds an SSO handoff code to this browser, if it sent one. */
  ssoHandoffBinder: string | undefined;
  /** The browser's `User-Agent`, recorded on the sessions it opens. */
  userAgent: string | undefined;
}

/**
 * Resolves the bearer token to its server-side session, read with its user on every request: a
 * logged-out, revoked or expired session, a deactivated user, a removed tenant or a changed role
 * takes effect at once.
 */
export async function resolveSession(deps: AppDeps, authorization: string | undefined, now = Date.now()): Promise<Session | null> {
  const token = authorization?.match(/^Bearer ([A-Za-z0-9._-]{1,4096})$/)?.[1];
  if (!token) return null;
  const claims = verifySessionToken(token, deps.config.jwtSecret, now);
  if (!claims) return null;
  const live = await deps.store.sessions.findLive(claims.sessionId, now);
  if (!live || live.user.id !== claims.userId || live.user.tenantId !== claims.tenantId || live.user.status !== "active") return null;
  if (now - live.session.lastSeenAt >= TOUCH_INTERVAL_MS) await deps.store.sessions.touch(live.session.id, now);
  return {
    user: live.user,
    tenant: live.tenant,
    method: live.session.method,
    sessionId: live.session.id,
    authenticatedAt: live.session.createdAt,
  };
}
