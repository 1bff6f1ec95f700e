import type { MiddlewareHandler } from "hono";

/** The strict CSP every page gets; `formTargets` adds origins a form may lead to (a redirect after a form post counts). */
export function contentSecurityPolicy(formTargets: string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    `form-action ${["'self'", ...formTargets].join(" ")}`,
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Headers every response carries: a strict CSP with no inline script, no framing, no sniffing. */
export function securityHeadersFor(options: { isHttps: boolean }): Record<string, string> {
  return {
    "Content-Security-Policy": contentSecurityPolicy(),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    ...(options.isHttps ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" } : {}),
  };
}

/**
 * Sets the security headers before the handler runs, so responses Hono builds carry them
 * without being rebuilt afterwards (rewriting a finished response's headers is what made
 * every request several times slower). Handlers that build their own `Response` (the tRPC
 * adapter) add the same headers themselves.
 */
export function securityHeaders(headers: Record<string, string>): MiddlewareHandler {
  const entries = Object.entries(headers);
  return async function setSecurityHeaders(c, next) {
    for (const [name, value] of entries) c.header(name, value);
    await next();
  };
}
