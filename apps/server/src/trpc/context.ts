import type { SignInMethod } from "@jams/contracts";
import type { Store, Tenant, User } from "@jams/db";
import type { AbuseGuard } from "../abuse/abuse-guard.ts";
import { verifySessionToken } from "../auth/session-token.ts";
import type { AppConfig } from "../config.ts";
import type { Logger } from "../logger.ts";
import type { IdpMetadataCache, TransportOptions } from "../sso/idp-metadata.ts";
import type { JwksCache } from "../sso/jwks-cache.ts";

export interface AppDeps {
  store: Store;
  config: AppConfig;
  logger: Logger;
  abuse: AbuseGuard;
  sso: { metadata: IdpMetadataCache; transport: TransportOptions; jwks: JwksCache };
}

export interface Session {
  user: User;
  tenant: Tenant;
  method: SignInMethod;
}

export interface Context extends AppDeps {
  session: Session | null;
  clientIp: string;
  /** The HttpOnly cookie that binds an SSO handoff code to this browser, if it sent one. */
  ssoHandoffBinder: string | undefined;
}

/**
 * Resolves the bearer token to a session. The user is re-read on every request, so a
 * deactivated user, a removed tenant or a changed role takes effect at once.
 */
export async function resolveSession(deps: AppDeps, authorization: string | undefined): Promise<Session | null> {
  const token = authorization?.match(/^Bearer ([A-Za-z0-9._-]{1,4096})$/)?.[1];
  if (!token) return null;
  const claims = await verifySessionToken(token, deps.config.jwtSecret);
  if (!claims) return null;
  const row = await deps.store.accounts.findUserWithTenant(claims.userId);
  if (!row || row.user.tenantId !== claims.tenantId || row.user.status !== "active") return null;
  return { user: row.user, tenant: row.tenant, method: claims.method };
}
