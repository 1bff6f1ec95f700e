import { trpcServer } from "@hono/trpc-server";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { getErrorShape, getTRPCErrorFromUnknown } from "@trpc/server/unstable-core-do-not-import";
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { getCookie } from "hono/cookie";
import { ssoCookies } from "../sso/sso-cookies.ts";
import { type AppDeps, resolveSession, type Context as TrpcContext } from "../trpc/context.ts";
import { RateLimitIssue } from "../trpc/errors.ts";
import { createCallerFactory } from "../trpc/init.ts";
import { appRouter } from "../trpc/root.ts";
import { clientIpOf } from "./client-ip.ts";

type ProcedureType = "query" | "mutation";
type CallerNode = Record<string, unknown> & ((input: unknown) => Promise<unknown>);

const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>;
const createCaller = createCallerFactory(appRouter);

/** What a request asks for that only the full adapter serves: batches (`?batch=1`) and streaming (`trpc-accept`). */
const needsFullAdapter = (c: Context) => c.req.query("batch") !== undefined || c.req.header("trpc-accept") !== undefined;

/**
 * tRPC at `/trpc`, plain JSON. A single call — what `httpLink` sends, and every call our SPA
 * makes — goes straight to the router's caller: the fetch adapter rebuilds a full WHATWG
 * Request and Response around each call, which cost several times the procedure itself (see
 * docs/performance.md). Batches and streaming go to the official adapter. Both give the same
 * wire format: `{"result":{"data":…}}` or `{"error":<shape>}` with tRPC's HTTP status.
 */
export function createTrpcRoutes(deps: AppDeps, headers: Record<string, string>) {
  const binderCookie = ssoCookies(deps.config.publicUrl).handoffBinder.name;
  const createContext = async (c: Context): Promise<TrpcContext> => ({
    ...deps,
    session: await resolveSession(deps, c.req.header("authorization")),
    clientIp: clientIpOf(c, deps.config.trustProxy),
    ssoHandoffBinder: getCookie(c, binderCookie),
  });
  const logInternalError = (error: TRPCError, path: string) => {
    if (error.code === "INTERNAL_SERVER_ERROR") deps.logger.error("trpc.internal_error", { path, error: error.cause?.name ?? error.name });
  };
  const fullAdapter = trpcServer({
    router: appRouter,
    endpoint: "/trpc",
    createContext: (_opts, c) => createContext(c) as unknown as Promise<Record<string, unknown>>,
    responseMeta: ({ errors }) => {
      const limited = errors.find((error) => error.cause instanceof RateLimitIssue)?.cause as RateLimitIssue | undefined;
      return { headers: new Headers(limited ? { ...headers, "Retry-After": String(limited.retryAfterSeconds) } : headers) };
    },
    onError: ({ error, path }) => logInternalError(error, path ?? ""),
  });

  const routes = new Hono();
  // POST only: asking a GET for its body makes @hono/node-server build a full WHATWG Request.
  routes.post("*", bodyLimit({ maxSize: 64 * 1024, onError: (c) => c.json({ error: { message: "Request too large" } }, 413) }));
  routes.on(["GET", "POST"], "/:path", async (c, next) => {
    if (needsFullAdapter(c)) return fullAdapter(c, next);
    const path = c.req.param("path");
    const type: ProcedureType = c.req.method === "POST" ? "mutation" : "query";
    let input: unknown;
    let ctx: TrpcContext | undefined;
    try {
      const procedure = Object.hasOwn(procedures, path) ? procedures[path] : undefined;
      if (!procedure) throw new TRPCError({ code: "NOT_FOUND", message: `No procedure found on path "${path}"` });
      const isMethodAllowed = c.req.method === "GET" || c.req.method === "POST";
      if (procedure._def.type !== type || !isMethodAllowed)
        throw new TRPCError({ code: "METHOD_NOT_SUPPORTED", message: `Unsupported ${c.req.method} on ${path}` });
      input = await readInput(c, type);
      ctx = await createContext(c);
      const call = path.split(".").reduce<unknown>((node, key) => (node as CallerNode)[key], createCaller(ctx)) as CallerNode;
      return c.json({ result: { data: await call(input) } });
    } catch (cause) {
      const error = getTRPCErrorFromUnknown(cause);
      logInternalError(error, path);
      if (error.cause instanceof RateLimitIssue) c.header("Retry-After", String(error.cause.retryAfterSeconds));
      const shape = getErrorShape({ config: appRouter._def._config, error, type, path, input, ctx });
      return c.json({ error: shape }, getHTTPStatusCodeFromError(error) as 400);
    }
  });
  routes.all("*", (c, next) => fullAdapter(c, next));
  return routes;
}

/** The call's input: `?input=` JSON for a query, the JSON body for a mutation; absent means undefined. */
async function readInput(c: Context, type: ProcedureType): Promise<unknown> {
  const raw = type === "query" ? c.req.query("input") : await c.req.text();
  if (raw === undefined || raw === "") return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    throw new TRPCError({ code: "PARSE_ERROR", message: "The input is not valid JSON" });
  }
}
