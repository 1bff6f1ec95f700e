import { type LocalIdpAccount, startLocalIdp } from "@jams/local-idp";

export const E2E_CLIENT_ID = "jams-imes-e2e";
/** Distinctive, so the journey can prove it never reaches a log line or an answer. */
export const E2E_CLIENT_SECRET = "e2e-Secret-Q7mZr4-do-not-leak";

/** A real local OpenID Provider registered for the app under test. */
export function startIdpForApp(baseUrl: string, accounts: LocalIdpAccount[]) {
  return startLocalIdp({
    clients: [
      {
        clientId: E2E_CLIENT_ID,
        clientSecret: E2E_CLIENT_SECRET,
        redirectUris: [`${baseUrl}/auth/sso/callback`],
        backchannelLogoutUri: `${baseUrl}/auth/sso/backchannel-logout`,
      },
    ],
    accounts,
  });
}

/** The SSO settings that connect the workspace "Acme" to the local IdP, as `sso.save` takes them. */
export const localIdpSettings = (issuer: string, more: { clientSecretExpiresOn?: string } = {}) => ({
  displayName: "Acme IdP",
  issuer,
  clientId: E2E_CLIENT_ID,
  clientSecret: E2E_CLIENT_SECRET,
  ...more,
});
