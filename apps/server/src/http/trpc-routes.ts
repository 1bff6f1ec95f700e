import { trpcServer } from "@hono/trpc-server";
import { callTRPCProcedure, getTRPCErrorFromUnknown, getTRPCErrorShape, TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { type Context, Hono, type Next } from "hono";
import { bodyLimit } from "hono/body-limit";
import { getCookie } from "hono/cookie";
import { ssoCookies } from "../sso/sso-cookies.ts";
import { type AppDeps, resolveSession, type Context as TrpcContext } from "../trpc/context.ts";
import { RateLimitIssue } from "../trpc/errors.ts";
import { appRouter } from "../trpc/root.ts";
import { clientIpOf } from "./client-ip.ts";
import { BodyTooLargeError, readBodyText } from "./request-body.ts";

type ProcedureType = "query" | "mutation";

const MAX_BODY_BYTES = 64 * 1024;
const TOO_LARGE_MESSAGE = "Request too large";

const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>;

/**
 * tRPC at `/trpc`, plain JSON. A single call — what `httpLink` sends, and every call our SPA
 * makes — goes straight to tRPC's `callTRPCProcedure`: the fetch adapter rebuilds a full WHATWG
 * Request and Response around each call, which cost several times the procedure itself (see
 * docs/performance.md). Batches and streaming go to the official adapter. Both give the same
 * wire format: `{"result":{"data":…}}` or `{"error":<shape>}` with tRPC's HTTP status.
 */
export function createTrpcRoutes(deps: AppDeps, headers: Record<string, string>) {
  const binderCookie = ssoCookies(deps.config.publicUrl).handoffBinder.name;
  const createContext = async (c: Context): Promise<TrpcContext> => {
    const authorization = c.req.header("authorization");
    return {
      ...deps,
      session: authorization ? await resolveSession(deps, authorization) : null,
      clientIp: clientIpOf(c, deps.config.trustProxy),
      ssoHandoffBinder: getCookie(c, binderCookie),
      userAgent: c.req.header("user-agent"),
    };
  };
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

  const limitBody = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => c.json({ error: { message: TOO_LARGE_MESSAGE } }, 413) });
  /** The official adapter, POST bodies capped like the fast path's. */
  const viaFullAdapter = async (c: Context, next: Next) => {
    if (c.req.method !== "POST") return fullAdapter(c, next);
    const refused = await limitBody(c, async () => {
      const response = await fullAdapter(c, next);
      if (response) c.res = response;
    });
    return refused ?? c.res;
  };

  const routes = new Hono();
  const ownOrigin = new URL(deps.config.publicUrl).origin;
  /**
   * A mutation is JSON from our own origin: a form or `text/plain` post from another site (which
   * needs no CORS preflight) is refused, and so is a request whose `Origin` is another site's.
   */
  routes.post("*", async (c, next) => {
    const origin = c.req.header("origin");
    if (origin !== undefined && origin !== ownOrigin) return c.json({ error: { message: "Cross-site requests are not allowed" } }, 403);
    const contentType = c.req.header("content-type")?.toLowerCase();
    const declaresBody = (c.req.header("content-length") ?? "0") !== "0" || c.req.header("transfer-encoding") !== undefined;
    const isJsonOrEmpty = contentType === undefined ? !declaresBody : contentType.startsWith("application/json");
    if (!isJsonOrEmpty) return c.json({ error: { message: "Send the request as application/json" } }, 415);
    await next();
  });
  routes.on(["GET", "POST"], "/:path", async (c, next) => {
    const query = c.req.query();
    const isBatchOrStream = query.batch !== undefined || c.req.header("trpc-accept") !== undefined;
    if (isBatchOrStream) return viaFullAdapter(c, next);
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
      const raw = type === "query" ? query.input : await readBodyText(c, MAX_BODY_BYTES);
      input = parseInput(raw);
      ctx = await createContext(c);
      const callInput = input;
      const data = await callTRPCProcedure({
        router: appRouter,
        path,
        type,
        ctx,
        getRawInput: async () => callInput,
        signal: undefined,
        batchIndex: 0,
      });
      return c.json({ result: { data } });
    } catch (cause) {
      if (cause instanceof BodyTooLargeError) return c.json({ error: { message: TOO_LARGE_MESSAGE } }, 413, { Connection: "close" });
      const error = getTRPCErrorFromUnknown(cause);
      logInternalError(error, path);
      if (error.cause instanceof RateLimitIssue) c.header("Retry-After", String(error.cause.retryAfterSeconds));
      const shape = getTRPCErrorShape({ config: appRouter._def._config, error, type, path, input, ctx });
      return c.json({ error: shape }, getHTTPStatusCodeFromError(error) as 400);
    }
  });
  routes.all("*", viaFullAdapter);
  return routes;
}

/** The call's input: `?input=` JSON for a query, the JSON body for a mutation; absent means undefined. */
function parseInput(raw: string | undefined): unknown {
  if (raw === undefined || raw === "") return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    throw new TRPCError({ code: "PARSE_ERROR", message: "The input is not valid JSON" });
  }
}
