import { randomBytes, timingSafeEqual } from "node:crypto";
import { emailSchema, type SsoErrorCode } from "@jams/contracts";
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { REPEAT_WINDOW_MS } from "../audit/repeat-window.ts";
import { sha256Base64url } from "../digest.ts";
import { clientIpOf } from "../http/client-ip.ts";
import { contentSecurityPolicy } from "../http/security-headers.ts";
import type { AppDeps } from "../trpc/context.ts";
import { LogoutTokenError, validateLogoutToken } from "./backchannel-logout.ts";
import { HANDOFF_TTL_MS } from "./handoff.ts";
import { ssoCookies } from "./sso-cookies.ts";
import { SsoError } from "./sso-error.ts";
import { completeSso, startInitiatedSso, startSso, startTestSso, TooManyStartsError } from "./sso-flow.ts";
import { confirmStartPage, SSO_PAGE_CSS, testRedirectPage, testTicketInvalidPage, tooManyAttemptsPage } from "./sso-pages.ts";
import { recordTestOutcome, TEST_RESULT_PATH } from "./sso-test-record.ts";
import { openTestTicket } from "./test-ticket.ts";
import { openTransaction, sealTransaction, TRANSACTION_TTL_SECONDS } from "./transaction-cookie.ts";

/**
 * A sign-in started from JAMS IMES's own page: the SPA's navigation, which browsers mark
 * `Sec-Fetch-Site: same-origin`. Anything else — a link in a mail or chat app (`none`), another site,
 * a browser that says nothing — gets the "Continue to <IdP>?" page first (login CSRF).
 */
function isOwnNavigation(secFetchSite: string | undefined): boolean {
  return secFetchSite === "same-origin";
}

/** Compares two strings without leaking where they differ. */
function isSameSecret(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b || a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/** SSO answers carry codes and state: never cached, and never sent on as a Referer. */
function neverCachedNorReferred(c: Context): void {
  c.header("Cache-Control", "no-store");
  c.header("Referrer-Policy", "no-referrer");
}

const hasControlCharacter = (value: string) => [...value].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f);

/** Only a same-origin path may be returned to: `/x`, never `//host`, `/\\host` or a URL. */
export function safeReturnTo(value: string | undefined): string | null {
  if (!value || value.length > 512 || !value.startsWith("/") || value.startsWith("//") || value.includes("\\")) return null;
  if (hasControlCharacter(value)) return null;
  const resolved = new URL(value, "http://placeholder.invalid");
  const path = `${resolved.pathname}${resolved.search}`;
  return resolved.origin === "http://placeholder.invalid" && !path.startsWith("//") ? path : null;
}

/** `target_link_uri` (OpenID Connect Core §4) as a return path: only a URL on our own origin, as a same-origin path. */
export function returnToOfTarget(target: string | undefined, publicUrl: string): string | null {
  if (!target || !URL.canParse(target)) return null;
  const url = new URL(target);
  return url.origin === new URL(publicUrl).origin ? safeReturnTo(`${url.pathname}${url.search}`) : null;
}

/** The fields of a url-encoded form post; none when the body is anything else. */
async function formFieldsOf(c: Context): Promise<URLSearchParams> {
  const isForm = c.req.header("content-type")?.toLowerCase().startsWith("application/x-www-form-urlencoded") ?? false;
  return new URLSearchParams(isForm ? await c.req.text() : "");
}

/** A `login_hint` worth passing on to the IdP: short, printable. */
function loginHintOf(value: string | null | undefined): string | null {
  const hint = value?.trim() ?? "";
  return hint !== "" && hint.length <= 254 && !hasControlCharacter(hint) ? hint : null;
}

/** The confirmation form holds an email, a path and a token: a few hundred bytes. */
const MAX_FORM_BYTES = 4 * 1024;

/** A logout token is a JWT of a few hundred bytes; nothing larger is read. */
const MAX_LOGOUT_BODY_BYTES = 16 * 1024;

/**
 * The SSO routes (SPEC §5, §10): `/auth/sso/start` and `/auth/sso/callback` for the browser, and
 * `/auth/sso/backchannel-logout` for the IdP.
 */
export function createSsoRoutes(deps: AppDeps) {
  const cookies = ssoCookies(deps.config.publicUrl);
  const { name: cookieName, options: cookieOptions } = cookies.transaction;
  const loginWithError = (code: SsoErrorCode) => {
    const url = new URL("/login", deps.config.publicUrl);
    url.searchParams.set("sso_error", code);
    return url.toString();
  };
  const routes = new Hono();

  const tooMany = (c: Context, retryAfterSeconds: number) => {
    c.header("Retry-After", String(retryAfterSeconds));
    return c.html(tooManyAttemptsPage(retryAfterSeconds), 429);
  };

  type Started = Awaited<ReturnType<typeof startSso>>;

  /** Starts a flow and sends the browser to the IdP; every failure goes to `/login?sso_error=`. */
  const redirectToIdp = async (c: Context, start: () => Promise<Started>, status: 302 | 303) => {
    try {
      const { authorizationUrl, transaction } = await start();
      setCookie(c, cookieName, sealTransaction(transaction, deps.config.jwtSecret), { ...cookieOptions, maxAge: TRANSACTION_TTL_SECONDS });
      return c.redirect(authorizationUrl, status);
    } catch (error) {
      if (error instanceof TooManyStartsError) return tooMany(c, error.retryAfterSeconds);
      return c.redirect(loginWithError(toSsoError(deps, error, "start").code), 302);
    }
  };

  const startForEmail = (email: string, returnTo: string | null) => async () => {
    const parsed = emailSchema.safeParse(email);
    if (!parsed.success) throw new SsoError("sso_not_configured", "invalid email");
    return startSso(deps, parsed.data, returnTo);
  };

  /**
   * The "Continue to <IdP>?" page, for a sign-in JAMS IMES's own page did not start. Its form posts
   * back to `action` with a token that must match the SameSite=Strict cookie set here.
   */
  const confirm = async (
    c: Context,
    sso: { displayName: string; issuer: string },
    page: { action: string; email: string | null; loginHint: string | null; returnTo: string | null },
  ) => {
    const metadata = await deps.sso.metadata.get(sso.issuer).catch(() => undefined);
    if (!metadata?.authorization_endpoint) return c.redirect(loginWithError("sso_idp_unavailable"), 302);
    // The form's post is answered with a redirect to the IdP, which the CSP's form-action must allow.
    c.header("Content-Security-Policy", contentSecurityPolicy([new URL(metadata.authorization_endpoint).origin]));
    const confirmation = randomBytes(32).toString("base64url");
    setCookie(c, cookies.startConfirmation.name, confirmation, { ...cookies.startConfirmation.options, maxAge: TRANSACTION_TTL_SECONDS });
    return c.html(confirmStartPage({ idpName: sso.displayName, ...page, confirmation }));
  };

  const confirmStart = async (c: Context, email: string, returnTo: string | null) => {
    const parsed = emailSchema.safeParse(email);
    const route = parsed.success ? await deps.store.accounts.findSignInRoute(parsed.data) : undefined;
    if (!parsed.success || !route?.sso) return c.redirect(loginWithError("sso_not_configured"), 302);
    return confirm(c, route.sso, { action: "/auth/sso/start", email: parsed.data, loginHint: null, returnTo });
  };

  /** Reads a confirmation form: its fields, and whether its token matches this browser's cookie (which is then spent). */
  const readConfirmation = async (c: Context) => {
    const form = await formFieldsOf(c);
    const cookie = getCookie(c, cookies.startConfirmation.name);
    deleteCookie(c, cookies.startConfirmation.name, cookies.startConfirmation.options);
    return { form, isConfirmed: isSameSecret(form.get("confirmation") ?? undefined, cookie) };
  };

  /** A confirmation form larger than its fields can be is not ours: the sign-in starts over. */
  const confirmationFormLimit = bodyLimit({
    maxSize: MAX_FORM_BYTES,
    onError: (c) => c.redirect(loginWithError("sso_state_invalid"), 302),
  });

  const withinLimit = async (c: Context, email: string) => deps.abuse.ssoStart(clientIpOf(c, deps.config.trustProxy), email);

  routes.get("/page.css", (c) => {
    c.header("Cache-Control", "public, max-age=86400");
    return c.body(SSO_PAGE_CSS, 200, { "Content-Type": "text/css; charset=utf-8" });
  });

  routes.get("/start", async (c) => {
    neverCachedNorReferred(c);
    const email = c.req.query("email") ?? "";
    const limit = await withinLimit(c, email);
    if (!limit.isAllowed) return tooMany(c, limit.retryAfterSeconds);
    const returnTo = safeReturnTo(c.req.query("returnTo"));
    if (isOwnNavigation(c.req.header("sec-fetch-site"))) return redirectToIdp(c, startForEmail(email, returnTo), 302);
    return confirmStart(c, email, returnTo);
  });

  /** The confirmation page's form: it starts the flow only with the cookie the page set (a cross-site form post has none). */
  routes.post("/start", confirmationFormLimit, async (c) => {
    neverCachedNorReferred(c);
    const { form, isConfirmed } = await readConfirmation(c);
    const email = form.get("email") ?? "";
    const limit = await withinLimit(c, email);
    if (!limit.isAllowed) return tooMany(c, limit.retryAfterSeconds);
    const returnTo = safeReturnTo(form.get("returnTo") ?? undefined);
    if (!isConfirmed) return confirmStart(c, email, returnTo);
    return redirectToIdp(c, startForEmail(email, returnTo), 303);
  });

  /**
   * The tenant's Initiate login URI (OpenID Connect Core §4), for the IdP's app launcher (Okta's
   * tile, Entra ID's My Apps): the normal flow with state, nonce and PKCE, after the same
   * confirmation page as any sign-in JAMS IMES's own page did not start.
   */
  const initiate = async (
    c: Context,
    request: { loginHint: string | null; returnTo: string | null; issuer: string | null },
    isConfirmed: boolean,
  ) => {
    const tenantId = c.req.param("tenantId") ?? "";
    const limit = await withinLimit(c, request.loginHint ?? `tenant:${tenantId}`);
    if (!limit.isAllowed) return tooMany(c, limit.retryAfterSeconds);
    const start = () => startInitiatedSso(deps, tenantId, request);
    if (isConfirmed) return redirectToIdp(c, start, isOwnNavigation(c.req.header("sec-fetch-site")) && c.req.method === "GET" ? 302 : 303);
    const sso = tenantId.length <= 64 ? await deps.store.sso.findConfig(tenantId) : undefined;
    if (!sso) return c.redirect(loginWithError("sso_not_configured"), 302);
    const action = `/auth/sso/initiate/${encodeURIComponent(tenantId)}`;
    return confirm(c, sso, { action, email: null, loginHint: request.loginHint, returnTo: request.returnTo });
  };

  routes.get("/initiate/:tenantId", async (c) => {
    neverCachedNorReferred(c);
    const request = {
      issuer: c.req.query("iss") ?? null,
      loginHint: loginHintOf(c.req.query("login_hint")),
      returnTo: returnToOfTarget(c.req.query("target_link_uri"), deps.config.publicUrl),
    };
    return initiate(c, request, isOwnNavigation(c.req.header("sec-fetch-site")));
  });

  routes.post("/initiate/:tenantId", confirmationFormLimit, async (c) => {
    neverCachedNorReferred(c);
    const { form, isConfirmed } = await readConfirmation(c);
    const request = {
      issuer: null,
      loginHint: loginHintOf(form.get("login_hint")),
      returnTo: safeReturnTo(form.get("returnTo") ?? undefined),
    };
    return initiate(c, request, isConfirmed);
  });

  /**
   * An admin's Test sign-in, in the window the settings page opened: its form posts a one-time
   * ticket (never in a URL). The page refreshes to the IdP: the SPA's CSP form-action does not
   * reach the IdP's origin.
   */
  routes.post("/test", bodyLimit({ maxSize: MAX_FORM_BYTES, onError: (c) => c.html(testTicketInvalidPage(), 400) }), async (c) => {
    neverCachedNorReferred(c);
    const ticket = openTestTicket((await formFieldsOf(c)).get("ticket") ?? "", deps.config.jwtSecret);
    const isFirstUse =
      ticket !== null && (await deps.store.sso.consumeState(sha256Base64url(`sso-test-ticket ${ticket.id}`), ticket.expiresAt));
    const tester = ticket && isFirstUse ? await deps.store.accounts.findUserWithTenant(ticket.userId) : undefined;
    const isAdmin = tester?.user.tenantId === ticket?.tenantId && tester?.user.role === "admin" && tester?.user.status === "active";
    if (!tester || !isAdmin || !isOwnNavigation(c.req.header("sec-fetch-site"))) return c.html(testTicketInvalidPage(), 400);
    try {
      const { authorizationUrl, transaction, displayName } = await startTestSso(deps, tester.user);
      setCookie(c, cookieName, sealTransaction(transaction, deps.config.jwtSecret), { ...cookieOptions, maxAge: TRANSACTION_TTL_SECONDS });
      return c.html(testRedirectPage(displayName, authorizationUrl));
    } catch (error) {
      if (error instanceof TooManyStartsError) return tooMany(c, error.retryAfterSeconds);
      await recordTestOutcome(deps, tester.user, toSsoError(deps, error, "test-start"));
      return c.redirect(new URL(TEST_RESULT_PATH, deps.config.publicUrl).toString(), 302);
    }
  });

  routes.get("/callback", async (c) => {
    neverCachedNorReferred(c);
    const transaction = openTransaction(getCookie(c, cookieName), deps.config.jwtSecret);
    deleteCookie(c, cookieName, cookieOptions);
    try {
      const completed = await completeSso(deps, new URL(c.req.url), transaction);
      if (completed.kind === "tested") {
        if (completed.tester) await recordTestOutcome(deps, completed.tester, completed);
        return c.redirect(new URL(TEST_RESULT_PATH, deps.config.publicUrl).toString(), 302);
      }
      const { handoff, returnTo } = completed;
      setCookie(c, cookies.handoffBinder.name, handoff.binder, { ...cookies.handoffBinder.options, maxAge: HANDOFF_TTL_MS / 1000 });
      const done = new URL("/login/sso", deps.config.publicUrl);
      done.hash = new URLSearchParams({ code: handoff.code, ...(returnTo ? { returnTo } : {}) }).toString();
      return c.redirect(done.toString(), 302);
    } catch (error) {
      const failure = toSsoError(deps, error, "callback");
      const tester = transaction?.testedBy ? await deps.store.accounts.findUserWithTenant(transaction.testedBy) : undefined;
      if (tester) {
        await recordTestOutcome(deps, tester.user, failure);
        return c.redirect(new URL(TEST_RESULT_PATH, deps.config.publicUrl).toString(), 302);
      }
      const event = {
        type: "signin.failure" as const,
        tenantId: transaction?.tenantId ?? null,
        method: "sso" as const,
        code: failure.code,
      };
      if (deps.abuse.isAuditable(clientIpOf(c, deps.config.trustProxy))) {
        await deps.store.audit.recordRepeatable({ ...event, ...failure.subject }, Date.now(), REPEAT_WINDOW_MS);
      } else {
        deps.logger.info("sso.failure_not_audited", { code: failure.code, reason: "too many failures from this address without sign-in" });
      }
      return c.redirect(loginWithError(failure.code), 302);
    }
  });

  const refuseLogout = (c: Context, description: string) => c.json({ error: "invalid_request", error_description: description }, 400);

  /** OpenID Connect Back-Channel Logout 1.0 §2.5–2.8: the IdP ends a user's sessions here; 200 when done, 400 otherwise. */
  routes.post(
    "/backchannel-logout",
    async (c, next) => {
      neverCachedNorReferred(c);
      await next();
    },
    bodyLimit({ maxSize: MAX_LOGOUT_BODY_BYTES, onError: (c) => refuseLogout(c, "request too large") }),
    async (c) => {
      const tokens = (await formFieldsOf(c)).getAll("logout_token");
      if (tokens.length !== 1 || !tokens[0]) return refuseLogout(c, "expected one logout_token form field");
      try {
        const logout = await validateLogoutToken(deps, tokens[0]);
        const ended = await deps.store.sessions.revokeIdpSessions(logout.tenantIds, logout, Date.now());
        deps.logger.info("sso.backchannel_logout", {
          tenants: logout.tenantIds.length,
          sessions: ended,
          bySessionId: logout.sessionId !== undefined,
        });
        return c.body(null, 200);
      } catch (error) {
        if (!(error instanceof LogoutTokenError)) throw error;
        deps.logger.info("sso.backchannel_logout_refused", { reason: error.message });
        return refuseLogout(c, "the logout token is not valid");
      }
    },
  );

  return routes;
}

function toSsoError(deps: AppDeps, error: unknown, step: string): SsoError {
  if (error instanceof SsoError) {
    deps.logger.info("sso.failure", { step, code: error.code, detail: error.detail });
    return error;
  }
  deps.logger.error("sso.unexpected_error", { step, error: (error as Error).name });
  return new SsoError("sso_idp_unavailable", "unexpected error");
}
