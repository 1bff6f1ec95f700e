import { emailSchema, type SsoErrorCode } from "@jams/contracts";
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { REPEAT_WINDOW_MS } from "../audit/repeat-window.ts";
import { clientIpOf } from "../http/client-ip.ts";
import type { AppDeps } from "../trpc/context.ts";
import { LogoutTokenError, validateLogoutToken } from "./backchannel-logout.ts";
import { HANDOFF_TTL_MS } from "./handoff.ts";
import { ssoCookies } from "./sso-cookies.ts";
import { SsoError } from "./sso-error.ts";
import { completeSso, startSso, TooManyStartsError } from "./sso-flow.ts";
import { openTransaction, sealTransaction, TRANSACTION_TTL_SECONDS } from "./transaction-cookie.ts";

/**
 * A sign-in started by another site's page (login CSRF: signing the victim into the attacker's
 * workspace). Browsers send `Sec-Fetch-Site`; the SPA's own navigation is `same-origin`.
 */
function isCrossSiteNavigation(secFetchSite: string | undefined): boolean {
  return secFetchSite === "cross-site" || secFetchSite === "same-site";
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

  routes.get("/start", async (c) => {
    neverCachedNorReferred(c);
    const limit = await deps.abuse.ssoStart(clientIpOf(c, deps.config.trustProxy), c.req.query("email") ?? "");
    if (!limit.isAllowed) return tooMany(c, limit.retryAfterSeconds);
    const email = emailSchema.safeParse(c.req.query("email") ?? "");
    try {
      if (isCrossSiteNavigation(c.req.header("sec-fetch-site")))
        throw new SsoError("sso_state_invalid", "sign-in started from another site");
      if (!email.success) throw new SsoError("sso_not_configured", "invalid email");
      const { authorizationUrl, transaction } = await startSso(deps, email.data, safeReturnTo(c.req.query("returnTo")));
      setCookie(c, cookieName, sealTransaction(transaction, deps.config.jwtSecret), {
        ...cookieOptions,
        maxAge: TRANSACTION_TTL_SECONDS,
      });
      return c.redirect(authorizationUrl, 302);
    } catch (error) {
      if (error instanceof TooManyStartsError) return tooMany(c, error.retryAfterSeconds);
      return c.redirect(loginWithError(toSsoError(deps, error, "start").code), 302);
    }
  });

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

function tooManyAttemptsPage(retryAfterSeconds: number): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Too many sign-in attempts · JAMS IMES</title></head>
<body><h1>Too many sign-in attempts</h1><p>Please wait ${retryAfterSeconds} seconds, then <a href="/login">try again</a>.</p></body></html>`;
}
