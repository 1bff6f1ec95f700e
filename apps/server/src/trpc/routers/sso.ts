import { ENTRA_TENANT_URL_ADVICE, isEntraMultiTenantIssuer, secretExpiryOf, ssoSaveInput, ssoSetEnforcedInput } from "@jams/contracts";
import type { Store } from "@jams/db";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import type { AppConfig } from "../../config.ts";
import { DiscoveryError, type DiscoveryProblem, discoverIssuer } from "../../sso/idp-metadata.ts";
import { ssoHealthOf } from "../../sso/sso-health.ts";
import { saveSsoConfig, ssoSettingsOf } from "../../sso/sso-settings.ts";
import { issueTestTicket } from "../../sso/test-ticket.ts";
import type { Session } from "../context.ts";
import { enforceLimit, fieldError, reasonError } from "../errors.ts";
import { adminProcedure, router } from "../init.ts";

function issuerMessage(problem: DiscoveryProblem, detail: string): string {
  switch (problem) {
    case "unreachable":
      return "We couldn't load this issuer's OpenID configuration (…/.well-known/openid-configuration). Check the URL for typos and that it is publicly reachable over https; Okta's is your Okta domain or …/oauth2/default, Google's https://accounts.google.com, Auth0's https://<tenant>.auth0.com/ with the slash.";
    case "not_allowed":
      return "Use an https Issuer URL on the standard port (443, or 8443): identity providers are reached over https only.";
    case "not_oidc":
      return "This URL doesn't serve an OpenID Connect discovery document. Use the issuer, the part before /.well-known/openid-configuration — not the sign-in page's address or a SAML metadata URL.";
    case "issuer_mismatch": {
      const advertised = detail.replace(/^.*issuer /, "");
      if (isEntraMultiTenantIssuer(advertised)) return ENTRA_TENANT_URL_ADVICE;
      return `The identity provider says its issuer is ${advertised}. Paste exactly that value (some providers differ only by a trailing /).`;
    }
    case "no_code_flow":
      return "This identity provider doesn't offer the authorization code flow, which JAMS IMES needs.";
    default: {
      const unreachable: never = problem;
      return unreachable;
    }
  }
}

/** How recent an SSO sign-in must be to change SSO settings while they are enforced. */
export const FRESH_SSO_SIGN_IN_MS = 60 * 60_000;

const hasFreshSsoSignIn = (session: Session, now = Date.now()) =>
  session.method === "sso" && now - session.authenticatedAt <= FRESH_SSO_SIGN_IN_MS;

/**
 * While a tenant enforces SSO, its SSO settings change only from a session that came through SSO
 * within the hour: a password session from before enforcement (or a stolen one) cannot switch it off.
 */
async function requireFreshSsoSignInWhileEnforced(ctx: { store: Store; session: Session }): Promise<void> {
  const sso = await ctx.store.sso.findConfig(ctx.session.tenant.id);
  if (!sso?.enforce || hasFreshSsoSignIn(ctx.session)) return;
  throw reasonError(
    "FORBIDDEN",
    "sso_reauthentication_required",
    `While Enforce SSO is on, changing single sign-on needs a sign-in through ${sso.displayName} within the last hour. Log out, sign in with ${sso.displayName}, and try again.`,
  );
}

/** The settings as this admin sees them: whether they may enforce depends on their session too. */
const settingsFor = (ctx: { store: Store; config: AppConfig; session: Session }) =>
  ssoSettingsOf(ctx.store, ctx.config, ctx.session.tenant.id, { hasFreshSsoSignIn: hasFreshSsoSignIn(ctx.session) });

export const ssoRouter = router({
  get: adminProcedure.query(({ ctx }) => settingsFor(ctx)),

  /** Discovery and JWKS fetched now, the endpoints, and the last SSO sign-in and failure. */
  health: adminProcedure.query(({ ctx }) => ssoHealthOf(ctx, ctx.session.tenant.id)),

  /**
   * A one-time ticket for Test sign-in: the settings page posts it from the window it opens to
   * `/auth/sso/test`, which runs the real flow and records the outcome, signing nobody in.
   */
  startTest: adminProcedure.input(z.undefined()).mutation(async ({ ctx }) => {
    if (!(await ctx.store.sso.findConfig(ctx.session.tenant.id))) {
      throw new TRPCError({ code: "PRECONDITION_FAILED", message: "Save an SSO configuration before testing it" });
    }
    return { ticket: issueTestTicket(ctx.session.tenant.id, ctx.session.user.id, ctx.config.jwtSecret) };
  }),

  /** Saves the config after checking the issuer's discovery document; nothing is stored when it fails. */
  save: adminProcedure.input(ssoSaveInput).mutation(async ({ ctx, input }) => {
    await requireFreshSsoSignInWhileEnforced(ctx);
    enforceLimit(await ctx.abuse.ssoSave(ctx.session.tenant.id));
    let metadata: Awaited<ReturnType<typeof discoverIssuer>>;
    try {
      metadata = await discoverIssuer(input.issuer, ctx.sso.transport);
    } catch (error) {
      if (error instanceof DiscoveryError) throw fieldError("issuer", issuerMessage(error.problem, error.message));
      throw error;
    }
    const issuer = metadata.issuer;
    const result = await saveSsoConfig(ctx.store, ctx.config, {
      tenantId: ctx.session.tenant.id,
      actorUserId: ctx.session.user.id,
      displayName: input.displayName,
      issuer,
      clientId: input.clientId,
      clientSecret: input.clientSecret,
      idpKind: input.idpKind ?? null,
      clientSecretExpiresAt: input.clientSecretExpiresOn === null ? null : (secretExpiryOf(input.clientSecretExpiresOn) ?? null),
    });
    if ("problem" in result) {
      const message =
        result.problem === "secret_required"
          ? "Enter the Client Secret from your identity provider"
          : "Enter the Client Secret again: the Issuer URL or Client ID changed, and a saved secret only ever goes to the identity provider it was saved for";
      throw fieldError("clientSecret", message);
    }
    ctx.sso.metadata.remember(issuer, metadata);
    return { ...(await settingsFor(ctx)), isEnforcementReset: result.isEnforcementReset };
  }),

  /**
   * Enforcing needs a saved config that has been shown to work for an admin — a successful Test
   * sign-in, or their own SSO sign-in within the hour — so a tenant cannot lock itself out.
   */
  setEnforced: adminProcedure.input(ssoSetEnforcedInput).mutation(async ({ ctx, input }) => {
    if (input.enforce) {
      const current = await settingsFor(ctx);
      if (!current.config) throw new TRPCError({ code: "PRECONDITION_FAILED", message: "Save an SSO configuration before enforcing it" });
      if (current.config.enforceBlocker) throw reasonError("FORBIDDEN", "sso_test_required", current.config.enforceBlocker);
    } else {
      await requireFreshSsoSignInWhileEnforced(ctx);
    }
    const isSaved = await ctx.store.sso.setEnforced(ctx.session.tenant.id, { actorUserId: ctx.session.user.id }, input.enforce);
    if (!isSaved && input.enforce) {
      throw new TRPCError({ code: "PRECONDITION_FAILED", message: "Save an SSO configuration before enforcing it" });
    }
    return settingsFor(ctx);
  }),

  remove: adminProcedure.input(z.undefined()).mutation(async ({ ctx }) => {
    await requireFreshSsoSignInWhileEnforced(ctx);
    await ctx.store.sso.removeConfig(ctx.session.tenant.id, ctx.session.user.id);
    return settingsFor(ctx);
  }),
});
