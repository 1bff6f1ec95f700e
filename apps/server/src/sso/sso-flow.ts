import { normalizeEmail, SSO_CALLBACK_PATH, type SsoTestClaims, type SsoTestOutcome } from "@jams/contracts";
import { type SsoConfig, type Store, UniqueViolationError, type User } from "@jams/db";
import * as oauth from "oauth4webapi";
import type { AppConfig } from "../config.ts";
import { sha256Base64url } from "../digest.ts";
import type { AppDeps } from "../trpc/context.ts";
import { openClientSecret, SecretOpenError } from "./client-secret-crypto.ts";
import { type Handoff, newHandoff } from "./handoff.ts";
import { requestOptions } from "./idp-metadata.ts";
import { classifyProtocolError } from "./protocol-errors.ts";
import { SsoError } from "./sso-error.ts";
import { newTransaction, type SsoTransaction, TRANSACTION_TTL_SECONDS } from "./transaction-cookie.ts";

type SsoDeps = Pick<AppDeps, "store" | "config" | "sso" | "abuse">;

/** The tenant's SSO starts passed their allowance: answered like the per-address limit, with Retry-After. */
export class TooManyStartsError extends Error {
  override name = "TooManyStartsError";
  constructor(readonly retryAfterSeconds: number) {
    super("too many SSO starts for this tenant");
  }
}

export const redirectUriOf = (config: AppConfig) => new URL(SSO_CALLBACK_PATH, config.publicUrl).toString();

const clientOf = (sso: SsoConfig): oauth.Client => ({ client_id: sso.clientId });

async function loadMetadata(deps: SsoDeps, issuer: string): Promise<oauth.AuthorizationServer> {
  try {
    return await deps.sso.metadata.get(issuer);
  } catch (error) {
    throw new SsoError("sso_idp_unavailable", `discovery failed: ${(error as Error).message}`);
  }
}

/** Where a flow comes back to and for what: a sign-in (with the email it was started for), or an admin's Test sign-in. */
export interface StartOptions {
  returnTo: string | null;
  loginHint: string | null;
  testedBy: string | null;
}

/**
 * Starts an OIDC authorization code flow (OpenID Connect Core §3.1.2.1) for a tenant's IdP:
 * discover → build the request with state, nonce and PKCE S256 (RFC 7636). The transaction is
 * returned for sealing into a cookie; none of it but state, nonce and the challenge reaches the URL.
 */
async function startForTenant(
  deps: SsoDeps,
  tenantId: string,
  sso: { issuer: string; clientId: string },
  options: StartOptions,
): Promise<{ authorizationUrl: string; transaction: SsoTransaction }> {
  const allowance = await deps.abuse.ssoStartForTenant(tenantId);
  if (!allowance.isAllowed) throw new TooManyStartsError(allowance.retryAfterSeconds);
  const metadata = await loadMetadata(deps, sso.issuer);
  const { returnTo, testedBy } = options;
  const transaction = newTransaction({ tenantId, issuer: sso.issuer, returnTo, testedBy }, deps.config.jwtSecret);
  const authorizationUrl = withQuery(metadata.authorization_endpoint as string, {
    client_id: sso.clientId,
    redirect_uri: redirectUriOf(deps.config),
    response_type: "code",
    scope: "openid email profile",
    state: transaction.state,
    nonce: transaction.nonce,
    code_challenge: pkceChallengeOf(transaction.codeVerifier),
    code_challenge_method: "S256",
    ...(options.loginHint ? { login_hint: options.loginHint } : {}),
  });
  return { authorizationUrl, transaction };
}

/** Starts a sign-in for the tenant the email belongs to (or whose verified domain it is on). */
export async function startSso(deps: SsoDeps, email: string, returnTo: string | null) {
  const found = await deps.store.accounts.findSignInRoute(email);
  const sso = found?.sso;
  if (!found || !sso) throw new SsoError("sso_not_configured", "no SSO config for this email");
  return startForTenant(deps, found.tenantId, sso, { returnTo, loginHint: found.email, testedBy: null });
}

/**
 * Whether a launcher's `iss` names the tenant's IdP. The flow always goes to the saved issuer (the
 * URI names the tenant), so `iss` only has to agree: Okta sends its org URL even for apps whose
 * issuer is a custom authorization server on the same host (`…/oauth2/default`).
 */
function isSameIdp(launcherIssuer: string | null, issuer: string): boolean {
  if (launcherIssuer === null || launcherIssuer === issuer) return true;
  return URL.canParse(launcherIssuer) && new URL(launcherIssuer).origin === new URL(issuer).origin;
}

/**
 * Starts a sign-in the IdP initiated (OpenID Connect Core §4: its app launcher opened our Initiate
 * login URI): the same flow, for the tenant in the URI; an `iss` on another host is refused.
 */
export async function startInitiatedSso(
  deps: SsoDeps,
  tenantId: string,
  request: { issuer: string | null; loginHint: string | null; returnTo: string | null },
) {
  const sso = await deps.store.sso.findConfig(tenantId);
  if (!sso || !isSameIdp(request.issuer, sso.issuer)) throw new SsoError("sso_not_configured", "no SSO config for this tenant and issuer");
  return startForTenant(deps, tenantId, sso, { returnTo: request.returnTo, loginHint: request.loginHint, testedBy: null });
}

/** Starts an admin's Test sign-in (the real flow, whose callback records the outcome and signs nobody in), naming the IdP for its page. */
export async function startTestSso(deps: SsoDeps, admin: User) {
  const sso = await deps.store.sso.findConfig(admin.tenantId);
  if (!sso) throw new SsoError("sso_not_configured", "no SSO config to test");
  const started = await startForTenant(deps, admin.tenantId, sso, { returnTo: null, loginHint: admin.email, testedBy: admin.id });
  return { ...started, displayName: sso.displayName };
}

/** The endpoint with the request's parameters; an endpoint's own query is kept (RFC 6749 §3.1), ours replacing same-named ones. */
function withQuery(endpoint: string, params: Record<string, string>): string {
  if (!endpoint.includes("?")) return `${endpoint}?${new URLSearchParams(params)}`;
  const url = new URL(endpoint);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.toString();
}

/** The S256 code challenge (RFC 7636 §4.2), computed synchronously: WebCrypto's digest costs ~100 µs a call here. */
function pkceChallengeOf(codeVerifier: string): string {
  return sha256Base64url(codeVerifier);
}

/** Marks a transaction used, once: a replayed callback fails even with a valid cookie. */
async function consumeTransaction(store: Store, state: string): Promise<void> {
  const isFirstUse = await store.sso.consumeState(sha256Base64url(state), Date.now() + TRANSACTION_TTL_SECONDS * 1000);
  if (!isFirstUse) throw new SsoError("sso_state_invalid", "transaction already used");
}

/** Checks the callback against the transaction: state (CSRF), one use, then the IdP's own answer. */
async function checkAuthorizationResponse(
  store: Store,
  metadata: oauth.AuthorizationServer,
  client: oauth.Client,
  callbackUrl: URL,
  transaction: SsoTransaction,
): Promise<URLSearchParams> {
  checkState(callbackUrl, transaction);
  await consumeTransaction(store, transaction.state);
  try {
    return oauth.validateAuthResponse(metadata, client, callbackUrl, transaction.state);
  } catch (error) {
    if (error instanceof oauth.AuthorizationResponseError) throw new SsoError("sso_idp_error", `idp returned ${error.error}`);
    throw new SsoError("sso_token_invalid", `authorization response rejected: ${(error as Error).message}`);
  }
}

/**
 * A key id the ring does not hold means another instance rotated the data key since this one
 * loaded it (SPEC §11): the ring reloads once, one unwrap per new key, before the secret is opened.
 */
async function refreshKeysFor(deps: SsoDeps, keyId: string): Promise<void> {
  const keys = deps.config.ssoEncryptionKeys;
  if (keys.keys.has(keyId) || !keys.refresh) return;
  try {
    await keys.refresh();
  } catch (error) {
    throw new SsoError("sso_idp_unavailable", `the client-secret keys cannot be reloaded: ${(error as Error).message}`);
  }
}

async function clientAuthOf(deps: SsoDeps, sso: SsoConfig, metadata: oauth.AuthorizationServer): Promise<oauth.ClientAuth> {
  if (!sso.clientSecretSealed || !sso.clientSecretKeyId) throw new SsoError("sso_idp_rejected", "no client secret saved");
  await refreshKeysFor(deps, sso.clientSecretKeyId);
  let secret: string;
  try {
    secret = openClientSecret(
      { sealed: sso.clientSecretSealed, keyId: sso.clientSecretKeyId },
      { tenantId: sso.tenantId, issuer: sso.issuer, clientId: sso.clientId },
      deps.config.ssoEncryptionKeys,
    );
  } catch (error) {
    if (error instanceof SecretOpenError) throw new SsoError("sso_idp_rejected", "the saved client secret cannot be opened");
    throw error;
  }
  const methods = metadata.token_endpoint_auth_methods_supported;
  const isBasicSupported = !methods || methods.includes("client_secret_basic");
  return isBasicSupported ? oauth.ClientSecretBasic(secret) : oauth.ClientSecretPost(secret);
}

/** Exchanges the code (client secret + PKCE verifier) and validates the ID token fully, signature included. */
async function exchangeCode(
  deps: SsoDeps,
  sso: SsoConfig,
  metadata: oauth.AuthorizationServer,
  params: URLSearchParams,
  transaction: SsoTransaction,
): Promise<{ claims: oauth.IDToken; accessToken: string }> {
  const client = clientOf(sso);
  const options = requestOptions(deps.sso.transport);
  const clientAuth = await clientAuthOf(deps, sso, metadata);
  try {
    const response = await oauth.authorizationCodeGrantRequest(
      metadata,
      client,
      clientAuth,
      params,
      redirectUriOf(deps.config),
      transaction.codeVerifier,
      options,
    );
    const tokens = await oauth.processAuthorizationCodeResponse(metadata, client, response, {
      expectedNonce: transaction.nonce,
      requireIdToken: true,
    });
    const claims = oauth.getValidatedIdTokenClaims(tokens);
    if (!claims || !tokens.id_token) throw new SsoError("sso_token_invalid", "no ID token");
    await deps.sso.jwks.verifySignature(metadata.jwks_uri as string, tokens.id_token);
    return { claims, accessToken: tokens.access_token };
  } catch (error) {
    throw classifyProtocolError(error, "code exchange");
  }
}

interface ResolvedEmail {
  email: unknown;
  emailVerified: unknown;
  name: unknown;
}

/** The email from the ID token, else from userinfo (whose `sub` must be the ID token's). */
async function resolveEmail(
  deps: SsoDeps,
  sso: SsoConfig,
  metadata: oauth.AuthorizationServer,
  claims: oauth.IDToken,
  accessToken: string,
): Promise<ResolvedEmail> {
  if (claims.email !== undefined) return { email: claims.email, emailVerified: claims.email_verified, name: claims.name };
  if (!metadata.userinfo_endpoint) return { email: undefined, emailVerified: undefined, name: claims.name };
  try {
    const options = requestOptions(deps.sso.transport);
    const response = await oauth.userInfoRequest(metadata, clientOf(sso), accessToken, options);
    const userinfo = await oauth.processUserInfoResponse(metadata, clientOf(sso), claims.sub, response);
    return { email: userinfo.email, emailVerified: userinfo.email_verified, name: userinfo.name ?? claims.name };
  } catch (error) {
    throw classifyProtocolError(error, "userinfo");
  }
}

function checkEmail(email: unknown, emailVerified: unknown, idpSubject: string): string {
  if (typeof email !== "string" || email.trim() === "") {
    throw new SsoError("sso_no_email_claim", "no usable email claim", { idpSubject });
  }
  if (emailVerified === false || emailVerified === "false") {
    throw new SsoError("sso_email_unverified", "email_verified is false", { email, idpSubject });
  }
  return email;
}

/** Matches the IdP's email to a user of the transaction's tenant only; never creates one (no JIT). */
async function matchUser(store: Store, tenantId: string, email: string, idpSubject: string): Promise<User> {
  const user = await store.accounts.findTenantUser(tenantId, email);
  if (!user || user.emailNormalized !== normalizeEmail(email)) {
    throw new SsoError("user_not_provisioned", "no user with this email in the tenant", { email, idpSubject });
  }
  if (user.status === "disabled") throw new SsoError("account_disabled", "user is deactivated", { email, idpSubject });
  return user;
}

/** A finished sign-in: the handoff for the SPA. */
export interface CompletedSso {
  kind: "signed-in";
  handoff: Handoff;
  returnTo: string | null;
}

/** A finished Test sign-in: what the IdP said, and whether the tester could sign in with it. Nobody was signed in. */
export interface CompletedTest {
  kind: "tested";
  outcome: SsoTestOutcome;
  claims: SsoTestClaims;
  /** The admin who ran it, as they are now (gone if they were removed meanwhile). */
  tester: User | undefined;
  /** The issuer tested: the config's, as the flow just checked it. */
  issuer: string;
}

/**
 * Completes the flow at the Redirect URI: check state → exchange code → validate ID token →
 * resolve email → match user → issue handoff. A Test sign-in stops before matching and reports
 * instead. Every failure is an `SsoError`.
 */
export async function completeSso(
  deps: SsoDeps,
  callbackUrl: URL,
  transaction: SsoTransaction | null,
): Promise<CompletedSso | CompletedTest> {
  if (!transaction) throw new SsoError("sso_state_invalid", "no valid transaction cookie");
  const sso = await deps.store.sso.findConfig(transaction.tenantId);
  const metadata = sso && sso.issuer === transaction.issuer ? await loadMetadata(deps, sso.issuer) : undefined;
  if (!sso || !metadata) {
    checkState(callbackUrl, transaction);
    throw new SsoError("sso_not_configured", "the tenant's SSO config changed during sign-in");
  }
  const params = await checkAuthorizationResponse(deps.store, metadata, clientOf(sso), callbackUrl, transaction);
  const { claims, accessToken } = await exchangeCode(deps, sso, metadata, params, transaction);
  const resolved = await resolveEmail(deps, sso, metadata, claims, accessToken);
  const email = checkEmail(resolved.email, resolved.emailVerified, claims.sub);
  if (transaction.testedBy)
    return testedWith(deps.store, transaction.testedBy, { issuer: sso.issuer, subject: claims.sub }, email, resolved);
  const user = await matchUser(deps.store, transaction.tenantId, email, claims.sub);
  const { handoff, record } = newHandoff(Date.now());
  const idpSessionId = typeof claims.sid === "string" ? claims.sid : null;
  let signedIn: Awaited<ReturnType<Store["sso"]["completeSignIn"]>>;
  try {
    signedIn = await deps.store.sso.completeSignIn(user, { issuer: sso.issuer, subject: claims.sub, sessionId: idpSessionId }, record);
  } catch (error) {
    if (!(error instanceof UniqueViolationError)) throw error;
    throw new SsoError("user_not_provisioned", "the email is another workspace's account", { email: user.email, idpSubject: claims.sub });
  }
  if ("problem" in signedIn) {
    throw new SsoError("sso_subject_mismatch", "the IdP names another subject than the one pinned to this user", {
      email: user.email,
      idpSubject: claims.sub,
    });
  }
  return { kind: "signed-in", handoff, returnTo: transaction.returnTo };
}

/** What a Test sign-in found: the tester themself, someone else, or the tester under another IdP identity than the pinned one. */
async function testedWith(
  store: Store,
  testerId: string,
  idp: { issuer: string; subject: string },
  email: string,
  resolved: ResolvedEmail,
): Promise<CompletedTest> {
  const claims: SsoTestClaims = {
    email,
    emailVerified: typeof resolved.emailVerified === "boolean" ? resolved.emailVerified : null,
    sub: idp.subject,
    name: typeof resolved.name === "string" ? resolved.name.slice(0, 200) : null,
  };
  const tester = (await store.accounts.findUserWithTenant(testerId))?.user;
  const found = { kind: "tested" as const, claims, tester, issuer: idp.issuer };
  if (!tester || tester.emailNormalized !== normalizeEmail(email)) return { ...found, outcome: "other_user" };
  const isPinnedElsewhere = tester.idpSubject !== null && (tester.idpIssuer !== idp.issuer || tester.idpSubject !== idp.subject);
  return { ...found, outcome: isPinnedElsewhere ? "sso_subject_mismatch" : "success" };
}

/** The callback's `state` must be the one this browser's transaction cookie holds (CSRF, RFC 6749 §10.12). */
function checkState(callbackUrl: URL, transaction: SsoTransaction): void {
  if (callbackUrl.searchParams.get("state") !== transaction.state) {
    throw new SsoError("sso_state_invalid", "state does not match the transaction");
  }
}
