import { Hono } from "hono";
import { getPath } from "hono/utils/url";
import { createGuideRoutes } from "./http/guide-docs.ts";
import { proxyHint } from "./http/proxy-hint.ts";
import { requestLog } from "./http/request-log.ts";
import { securityHeaders, securityHeadersFor } from "./http/security-headers.ts";
import { createSpaStatic } from "./http/spa-static.ts";
import { createTrpcRoutes } from "./http/trpc-routes.ts";
import { createScimRoutes } from "./scim/scim-routes.ts";
import { createSsoRoutes } from "./sso/sso-routes.ts";
import type { AppDeps } from "./trpc/context.ts";

/**
 * The request's path; under `/scim/v2` repeated slashes collapse, because IdPs append `/Users` to
 * the base URL as pasted, trailing slash and all (`/scim/v2//Users`).
 */
function scimTolerantPath(request: Request): string {
  const path = getPath(request);
  return path.startsWith("/scim/v2/") ? path.replace(/\/{2,}/g, "/") : path;
}

/** The whole HTTP surface: `/healthz`, tRPC at `/trpc`, SSO at `/auth/sso/*`, SCIM at `/scim/v2`, and the SPA in production. */
export function createApp(deps: AppDeps) {
  const app = new Hono({ getPath: scimTolerantPath });
  app.use(requestLog(deps.logger));
  app.use(proxyHint({ trustProxy: deps.config.trustProxy, logger: deps.logger }));
  const headers = securityHeadersFor({ isHttps: deps.config.publicUrl.startsWith("https:") });
  app.use(securityHeaders(headers));

  app.get("/healthz", async (c) => {
    try {
      await deps.store.ping();
      return c.json({ ok: true });
    } catch (error) {
      deps.logger.error("health.database_unreachable", { error: (error as Error).name });
      return c.json({ ok: false }, 503);
    }
  });

  app.route("/trpc", createTrpcRoutes(deps, headers));
  app.route("/auth/sso", createSsoRoutes(deps));
  app.route("/scim/v2", createScimRoutes(deps));
  app.route("/docs", createGuideRoutes(deps.config.docsDir));
  if (deps.config.webDistDir) app.route("/", createSpaStatic(deps.config.webDistDir));

  app.onError((error, c) => {
    deps.logger.error("http.unhandled_error", { path: c.req.path, error: error.name });
    return c.json({ error: { message: "Something went wrong on our side" } }, 500);
  });
  return app;
}
