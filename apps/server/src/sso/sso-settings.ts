import { SSO_BACKCHANNEL_LOGOUT_PATH, type SsoSettings } from "@jams/contracts";
import type { SaveProblem, Store } from "@jams/db";
import type { AppConfig } from "../config.ts";
import { sealClientSecret } from "./client-secret-crypto.ts";
import { redirectUriOf } from "./sso-flow.ts";

/** The `sso.get` view: never the secret, only whether one is saved. */
export async function ssoSettingsOf(store: Store, config: AppConfig, tenantId: string): Promise<SsoSettings> {
  const sso = await store.sso.findConfig(tenantId);
  return {
    redirectUri: redirectUriOf(config),
    backchannelLogoutUri: new URL(SSO_BACKCHANNEL_LOGOUT_PATH, config.publicUrl).toString(),
    config: sso
      ? {
          displayName: sso.displayName,
          issuer: sso.issuer,
          clientId: sso.clientId,
          hasClientSecret: sso.clientSecretSealed !== null,
          enforce: sso.enforce,
          updatedAt: new Date(sso.updatedAt).toISOString(),
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
