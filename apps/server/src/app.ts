import { trpcServer } from "@hono/trpc-server";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { clientIpOf } from "./http/client-ip.ts";
import { requestLog } from "./http/request-log.ts";
import { securityHeaders, securityHeadersFor } from "./http/security-headers.ts";
import { createSpaStatic } from "./http/spa-static.ts";
import { createSsoDocsRoutes } from "./http/sso-docs.ts";
import { createSsoRoutes } from "./sso/sso-routes.ts";
import { type AppDeps, resolveSession } from "./trpc/context.ts";
import { RateLimitIssue } from "./trpc/errors.ts";
import { appRouter } from "./trpc/root.ts";

/** The whole HTTP surface: `/healthz`, tRPC at `/trpc`, SSO redirects at `/auth/sso/*`, and the SPA in production. */
export function createApp(deps: AppDeps) {
  const app = new Hono();
  app.use(requestLog(deps.logger));
  const headers = securityHeadersFor({ isHttps: deps.config.publicUrl.startsWith("https:") });
  app.use(securityHeaders(headers));

  const ping = deps.db.$client.prepare("select 1");
  app.get("/healthz", (c) => {
    ping.get();
    return c.json({ ok: true });
  });

  app.use("/trpc/*", bodyLimit({ maxSize: 64 * 1024, onError: (c) => c.json({ error: { message: "Request too large" } }, 413) }));
  app.use(
    "/trpc/*",
    trpcServer({
      router: appRouter,
      endpoint: "/trpc",
      createContext: async (_opts, c) => ({
        ...deps,
        session: await resolveSession(deps, c.req.header("authorization")),
        clientIp: clientIpOf(c, deps.config.trustProxy),
      }),
      responseMeta: ({ errors }) => {
        const limited = errors.find((error) => error.cause instanceof RateLimitIssue)?.cause as RateLimitIssue | undefined;
        return { headers: new Headers(limited ? { ...headers, "Retry-After": String(limited.retryAfterSeconds) } : headers) };
      },
      onError: ({ error, path }) => {
        if (error.code === "INTERNAL_SERVER_ERROR")
          deps.logger.error("trpc.internal_error", { path, error: error.cause?.name ?? error.name });
      },
    }),
  );

  app.route("/auth/sso", createSsoRoutes(deps));
  app.route("/docs/sso", createSsoDocsRoutes(deps.config.docsDir));
  if (deps.config.webDistDir) app.route("/", createSpaStatic(deps.config.webDistDir));

  app.onError((error, c) => {
    deps.logger.error("http.unhandled_error", { path: c.req.path, error: error.name });
    return c.json({ error: { message: "Something went wrong on our side" } }, 500);
  });
  return app;
}
