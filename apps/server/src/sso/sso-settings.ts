import {
  describeSsoTestOutcome,
  IDP_KINDS,
  type IdpKind,
  isSsoTestOutcome,
  SSO_BACKCHANNEL_LOGOUT_PATH,
  type SsoSettings,
  type SsoTestView,
  secretExpiryStateOf,
} from "@jams/contracts";
import type { SaveProblem, SsoConfig, Store, StoredSsoTest } from "@jams/db";
import type { AppConfig } from "../config.ts";
import { sealClientSecret } from "./client-secret-crypto.ts";
import { redirectUriOf } from "./sso-flow.ts";

/** Whether the admin behind `session` may turn Enforce SSO on now (see `enforceBlockerOf`). */
export interface EnforcePrerequisites {
  /** The admin's session came through SSO, with the saved issuer, within the hour. */
  hasFreshSsoSignIn: boolean;
}

/** The tenant's Initiate login URI: what an IdP's app launcher opens (OpenID Connect Core §4). */
export const initiateLoginUriOf = (config: AppConfig, tenantId: string) =>
  new URL(`/auth/sso/initiate/${encodeURIComponent(tenantId)}`, config.publicUrl).toString();

function lastTestOf(sso: SsoConfig): SsoTestView | null {
  if (!sso.lastTest) return null;
  const stored = JSON.parse(sso.lastTest) as StoredSsoTest;
  if (!isSsoTestOutcome(stored.outcome)) return null;
  return {
    at: new Date(stored.at).toISOString(),
    byEmail: stored.byEmail,
    outcome: stored.outcome,
    claims: stored.claims,
    help: describeSsoTestOutcome(stored.outcome, stored.byEmail),
  };
}

/**
 * Why Enforce SSO cannot be turned on yet, or null when it can: once SSO has been shown to work for
 * an admin with the saved settings — a successful Test sign-in, or their own SSO sign-in within the
 * hour — so a tenant cannot lock itself out.
 */
function enforceBlockerOf(sso: SsoConfig, lastTest: SsoTestView | null, prerequisites: EnforcePrerequisites): string | null {
  if (sso.enforce || lastTest?.outcome === "success" || prerequisites.hasFreshSsoSignIn) return null;
  if (lastTest)
    return `The last Test sign-in did not succeed. Fix what it found, then run Test sign-in again: Enforce SSO unlocks once it works.`;
  return `Run Test sign-in first: Enforce SSO unlocks once signing in through ${sso.displayName} has worked for you with these settings.`;
}

/** The `sso.get` view: never the secret, only whether one is saved. */
export async function ssoSettingsOf(
  store: Store,
  config: AppConfig,
  tenantId: string,
  prerequisites: EnforcePrerequisites,
): Promise<SsoSettings> {
  const sso = await store.sso.findConfig(tenantId);
  const lastTest = sso ? lastTestOf(sso) : null;
  const enforceBlocker = sso ? enforceBlockerOf(sso, lastTest, prerequisites) : null;
  return {
    redirectUri: redirectUriOf(config),
    backchannelLogoutUri: new URL(SSO_BACKCHANNEL_LOGOUT_PATH, config.publicUrl).toString(),
    initiateLoginUri: initiateLoginUriOf(config, tenantId),
    config: sso
      ? {
          displayName: sso.displayName,
          issuer: sso.issuer,
          clientId: sso.clientId,
          hasClientSecret: sso.clientSecretSealed !== null,
          enforce: sso.enforce,
          updatedAt: new Date(sso.updatedAt).toISOString(),
          idpKind: (IDP_KINDS as readonly string[]).includes(sso.idpKind ?? "") ? (sso.idpKind as IdpKind) : null,
          clientSecretExpiresOn: sso.clientSecretExpiresAt === null ? null : new Date(sso.clientSecretExpiresAt).toISOString().slice(0, 10),
          secretExpiry: secretExpiryStateOf(sso.clientSecretExpiresAt),
          lastTest,
          canEnforce: enforceBlocker === null,
          enforceBlocker,
        }
      : null,
  };
}

export interface SsoConfigInput {
  tenantId: string;
  actorUserId: string;
  displayName: string;
  issuer: string;
  clientId: string;
  /** Absent keeps the saved secret. */
  clientSecret: string | undefined;
  idpKind: string | null;
  clientSecretExpiresAt: number | null;
}

/**
 * Seals a new client secret (never stored in the clear) bound to this tenant, issuer and client id,
 * and saves the tenant's SSO config. A changed issuer or client id needs the secret again: a saved
 * secret is never sent to an IdP it was not saved for. The key ring reloads first: a secret sealed
 * under a data key another instance has just rotated away would be left naming a deleted key (SPEC §11).
 */
export async function saveSsoConfig(
  store: Store,
  config: AppConfig,
  input: SsoConfigInput,
): Promise<{ problem: SaveProblem } | { isEnforcementReset: boolean }> {
  const { clientSecret, ...change } = input;
  if (clientSecret !== undefined) await config.ssoEncryptionKeys.refresh?.();
  return store.sso.saveConfig({
    ...change,
    clientSecret:
      clientSecret === undefined
        ? undefined
        : sealClientSecret(
            clientSecret,
            { tenantId: input.tenantId, issuer: input.issuer, clientId: input.clientId },
            config.ssoEncryptionKeys,
          ),
  });
}
