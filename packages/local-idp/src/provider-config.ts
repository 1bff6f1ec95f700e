import type { AdapterFactory, Configuration, Grant, JWK, KoaContextWithOIDC } from "oidc-provider";
import { type AccountStore, accountClaims } from "./account-store.ts";
import { interactionUrl } from "./interaction-handler.ts";
import { renderErrorPage, renderLogoutPage } from "./login-page.ts";

export interface ProviderConfigInput {
  accounts: AccountStore;
  adapter: AdapterFactory;
  /** Private signing JWKs, the current signer first. */
  signingKeys: JWK[];
  cookieKeys: string[];
}

/**
 * Grants every requested OIDC scope and claim without asking (no consent screen): reuses the
 * session's grant for the client when it exists, extends it with what this request asks for.
 */
async function autoGrant(ctx: KoaContextWithOIDC): Promise<Grant | undefined> {
  const { oidc } = ctx;
  const { client, account, session } = oidc;
  if (!client || !account) return undefined;
  const grantId = oidc.result?.consent?.grantId ?? session?.grantIdFor(client.clientId);
  let grant = grantId ? await oidc.provider.Grant.find(grantId) : undefined;
  if (!grant || grant.accountId !== account.accountId || grant.clientId !== client.clientId) {
    grant = new oidc.provider.Grant({ accountId: account.accountId, clientId: client.clientId });
  }
  grant.addOIDCScope(oidc.requestParamOIDCScopes);
  if (oidc.requestParamClaims.size > 0) grant.addOIDCClaims(oidc.requestParamClaims);
  await grant.save();
  return grant;
}

/** The oidc-provider configuration of the local IdP (code flow, PKCE S256 required, RS256). */
export function buildProviderConfiguration(input: ProviderConfigInput): Configuration {
  const { accounts } = input;
  return {
    adapter: input.adapter,
    jwks: { keys: input.signingKeys },
    cookies: { keys: input.cookieKeys },
    responseTypes: ["code"],
    clientAuthMethods: ["client_secret_basic", "client_secret_post"],
    scopes: ["openid", "email", "profile"],
    claims: {
      openid: ["sub"],
      email: ["email", "email_verified"],
      profile: ["name"],
    },
    // Scope claims go to the ID token too (unless the account says userinfo only).
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      userinfo: { enabled: true },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => {
          ctx.type = "html";
          ctx.body = renderLogoutPage(form);
        },
        postLogoutSuccessSource: (ctx) => {
          ctx.type = "html";
          ctx.body = renderErrorPage("Signed out", { result: "You are signed out of the Local IdP." });
        },
      },
      pushedAuthorizationRequests: { enabled: false },
    },
    interactions: { url: (_ctx, interaction) => interactionUrl(interaction.uid) },
    findAccount: (_ctx, sub) => {
      const account = accounts.findBySub(sub);
      if (!account) return undefined;
      return { accountId: account.sub, claims: (use) => accountClaims(account, use) };
    },
    loadExistingGrant: autoGrant,
    clientBasedCORS: () => true,
    // Logout tokens go to apps on this machine (http://localhost:…): oidc-provider's guard against
    // special-use addresses, right for a public IdP, would refuse every one of them here.
    fetch: (url, options) => {
      const { dispatcher: _loopbackRefusingDispatcher, ...rest } = options as RequestInit & { dispatcher?: unknown };
      return fetch(url, rest);
    },
    ttl: {
      AccessToken: 60 * 60,
      AuthorizationCode: 60,
      IdToken: 60 * 60,
      Interaction: 10 * 60,
      Session: 24 * 60 * 60,
      Grant: 24 * 60 * 60,
      RefreshToken: 24 * 60 * 60,
    },
    renderError: (ctx, out) => {
      ctx.type = "html";
      ctx.body = renderErrorPage("Local IdP error", { ...out });
    },
  };
}
