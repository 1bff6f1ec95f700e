import { describeSignInFailure, type SsoHealth } from "@jams/contracts";
import type { Store } from "@jams/db";
import type { AppDeps } from "../trpc/context.ts";
import { DiscoveryError, discoverIssuer } from "./idp-metadata.ts";

/** Reads a JWKS now through the guarded back channel: how many signing keys it publishes, or why it could not be read. */
async function checkJwks(deps: Pick<AppDeps, "sso">, jwksUri: string): Promise<SsoHealth["jwks"]> {
  try {
    const response = await deps.sso.transport.backChannelFetch(jwksUri, { headers: { accept: "application/json" } });
    if (!response.ok) return { ok: false, keyCount: null, problem: `The JWKS answered HTTP ${response.status}.` };
    const body = (await response.json()) as { keys?: unknown };
    const keyCount = Array.isArray(body.keys) ? body.keys.length : 0;
    return keyCount > 0 ? { ok: true, keyCount, problem: null } : { ok: false, keyCount: 0, problem: "The JWKS lists no keys." };
  } catch (error) {
    return { ok: false, keyCount: null, problem: `The JWKS could not be read: ${(error as Error).message}` };
  }
}

/**
 * The health of a tenant's SSO, checked now: discovery and JWKS reachable (fetched fresh, through
 * the same guarded back channel as sign-ins), the endpoints discovery names, and the last SSO
 * sign-in and failure from the audit trail.
 */
export async function ssoHealthOf(deps: Pick<AppDeps, "sso"> & { store: Store }, tenantId: string): Promise<SsoHealth | null> {
  const sso = await deps.store.sso.findConfig(tenantId);
  if (!sso) return null;
  const { lastSuccess, lastFailure } = await deps.store.sso.signInHealth(tenantId);
  const history = {
    lastSuccess: lastSuccess ? { at: new Date(lastSuccess.at).toISOString(), email: lastSuccess.email } : null,
    lastFailure: lastFailure
      ? {
          at: new Date(lastFailure.at).toISOString(),
          email: lastFailure.email,
          code: lastFailure.code,
          help: lastFailure.code ? (describeSignInFailure(lastFailure.code) ?? null) : null,
        }
      : null,
  };
  const checkedAt = new Date().toISOString();
  try {
    const metadata = await discoverIssuer(sso.issuer, deps.sso.transport);
    const endpoints = {
      authorization: metadata.authorization_endpoint ?? null,
      token: metadata.token_endpoint ?? null,
      userinfo: metadata.userinfo_endpoint ?? null,
      jwks: metadata.jwks_uri ?? null,
      endSession: typeof metadata.end_session_endpoint === "string" ? metadata.end_session_endpoint : null,
    };
    const jwks = endpoints.jwks
      ? await checkJwks(deps, endpoints.jwks)
      : { ok: false, keyCount: null, problem: "Discovery names no jwks_uri." };
    return { ...history, checkedAt, discovery: { ok: true, problem: null }, endpoints, jwks };
  } catch (error) {
    const problem = error instanceof DiscoveryError ? error.message : "The discovery document could not be read.";
    return {
      ...history,
      checkedAt,
      discovery: { ok: false, problem },
      endpoints: null,
      jwks: { ok: false, keyCount: null, problem: "Not checked: discovery failed." },
    };
  }
}
