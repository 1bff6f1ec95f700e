import type { MiddlewareHandler } from "hono";
import type { Logger } from "../logger.ts";

/** Paths with credentials in them are logged with the credential replaced. */
export function redactPath(path: string): string {
  return path.replace(/^\/invite\/[^/]+/, "/invite/:token");
}

/**
 * One log line per request: method, path (never the query string: on `/auth/sso/*` it
 * carries the code and state), status and duration. No bodies, no headers.
 */
export function requestLog(logger: Logger): MiddlewareHandler {
  return async function logRequest(c, next) {
    const started = performance.now();
    await next();
    logger.info("request", {
      method: c.req.method,
      path: redactPath(c.req.path),
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
  };
}
