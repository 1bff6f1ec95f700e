import { randomBytes, timingSafeEqual } from "node:crypto";
import { emailSchema, type SsoErrorCode } from "@jams/contracts";
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { REPEAT_WINDOW_MS } from "../audit/repeat-window.ts";
import { clientIpOf } from "../http/client-ip.ts";
import { contentSecurityPolicy } from "../http/security-headers.ts";
import type { AppDeps } from "../trpc/context.ts";
import { LogoutTokenError, validateLogoutToken } from "./backchannel-logout.ts";
import { HANDOFF_TTL_MS } from "./handoff.ts";
import { ssoCookies } from "./sso-cookies.ts";
import { SsoError } from "./sso-error.ts";
import { completeSso, startSso, TooManyStartsError } from "./sso-flow.ts";
import { confirmStartPage, SSO_PAGE_CSS, tooManyAttemptsPage } from "./sso-pages.ts";
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

/** Only a same-origin path may be returned to: `/x`, never `//host`, `/\\host` or a URL. */
export function safeReturnTo(value: string | undefined): string | null {
  if (!value || value.length > 512 || !value.startsWith("/") || value.startsWith("//") || value.includes("\\")) return null;
  const hasControlCharacter = [...value].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f);
  if (hasControlCharacter) return null;
  const resolved = new URL(value, "http://placeholder.invalid");
  const path = `${resolved.pathname}${resolved.search}`;
  return resolved.origin === "http://placeholder.invalid" && !path.startsWith("//") ? path : null;
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

  /** Starts the flow and sends the browser to the IdP; every failure goes to `/login?sso_error=`. */
  const startAndRedirect = async (c: Context, email: string, returnTo: string | null, status: 302 | 303) => {
    try {
      const parsed = emailSchema.safeParse(email);
      if (!parsed.success) throw new SsoError("sso_not_configured", "invalid email");
      const { authorizationUrl, transaction } = await startSso(deps, parsed.data, returnTo);
      setCookie(c, cookieName, sealTransaction(transaction, deps.config.jwtSecret), { ...cookieOptions, maxAge: TRANSACTION_TTL_SECONDS });
      return c.redirect(authorizationUrl, status);
    } catch (error) {
      if (error instanceof TooManyStartsError) return tooMany(c, error.retryAfterSeconds);
      return c.redirect(loginWithError(toSsoError(deps, error, "start").code), 302);
    }
  };

  /** The "Continue to <IdP> as <email>?" page, for a sign-in JAMS IMES's own page did not start. */
  const confirmStart = async (c: Context, email: string, returnTo: string | null) => {
    const parsed = emailSchema.safeParse(email);
    const route = parsed.success ? await deps.store.accounts.findSignInRoute(parsed.data) : undefined;
    if (!parsed.success || !route?.sso) return c.redirect(loginWithError("sso_not_configured"), 302);
    const metadata = await deps.sso.metadata.get(route.sso.issuer).catch(() => undefined);
    if (!metadata?.authorization_endpoint) return c.redirect(loginWithError("sso_idp_unavailable"), 302);
    // The form's post is answered with a redirect to the IdP, which the CSP's form-action must allow.
    c.header("Content-Security-Policy", contentSecurityPolicy([new URL(metadata.authorization_endpoint).origin]));
    const confirmation = randomBytes(32).toString("base64url");
    setCookie(c, cookies.startConfirmation.name, confirmation, { ...cookies.startConfirmation.options, maxAge: TRANSACTION_TTL_SECONDS });
    return c.html(confirmStartPage({ idpName: route.sso.displayName, email: parsed.data, returnTo, confirmation }));
  };

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
    if (isOwnNavigation(c.req.header("sec-fetch-site"))) return startAndRedirect(c, email, returnTo, 302);
    return confirmStart(c, email, returnTo);
  });

  /** The confirmation page's form: it starts the flow only with the cookie the page set (a cross-site form post has none). */
  routes.post(
    "/start",
    bodyLimit({ maxSize: MAX_FORM_BYTES, onError: (c) => c.redirect(loginWithError("sso_state_invalid"), 302) }),
    async (c) => {
      neverCachedNorReferred(c);
      const isForm = c.req.header("content-type")?.toLowerCase().startsWith("application/x-www-form-urlencoded") ?? false;
      const form = new URLSearchParams(isForm ? await c.req.text() : "");
      const email = form.get("email") ?? "";
      const limit = await withinLimit(c, email);
      if (!limit.isAllowed) return tooMany(c, limit.retryAfterSeconds);
      const returnTo = safeReturnTo(form.get("returnTo") ?? undefined);
      const cookie = getCookie(c, cookies.startConfirmation.name);
      deleteCookie(c, cookies.startConfirmation.name, cookies.startConfirmation.options);
      if (!isSameSecret(form.get("confirmation") ?? undefined, cookie)) return confirmStart(c, email, returnTo);
      return startAndRedirect(c, email, returnTo, 303);
    },
  );

  routes.get("/callback", async (c) => {
    neverCachedNorReferred(c);
    const transaction = await openTransaction(getCookie(c, cookieName), deps.config.jwtSecret);
    deleteCookie(c, cookieName, cookieOptions);
    try {
      const { handoff, returnTo } = await completeSso(deps, new URL(c.req.url), transaction);
      setCookie(c, cookies.handoffBinder.name, handoff.binder, { ...cookies.handoffBinder.options, maxAge: HANDOFF_TTL_MS / 1000 });
      const done = new URL("/login/sso", deps.config.publicUrl);
      done.hash = new URLSearchParams({ code: handoff.code, ...(returnTo ? { returnTo } : {}) }).toString();
      return c.redirect(done.toString(), 302);
    } catch (error) {
      const failure = toSsoError(deps, error, "callback");
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
      const isForm = c.req.header("content-type")?.toLowerCase().startsWith("application/x-www-form-urlencoded") ?? false;
      const form = isForm ? new URLSearchParams(await c.req.text()) : undefined;
      const tokens = form?.getAll("logout_token") ?? [];
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
