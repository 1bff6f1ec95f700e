import { serve } from "@hono/node-server";
import { lookupInput } from "@jams/contracts";
import { openStore } from "@jams/db";
import { appRouter, createDeps, createJsonLogger, loadConfig } from "@jams/server";
import { callTRPCProcedure } from "@trpc/server";
import { Hono } from "hono";

/**
 * The floors of `auth.lookup` on this machine, in bare Hono routes (no security headers, no
 * request log): `/floor/lookup` is its own work alone (parse the input, the same zod schema, the
 * same indexed read, a JSON answer); `/floor/trpc-lookup` is the real procedure called through
 * tRPC with the product's context (so also its rate limit).
 */
const config = loadConfig();
const store = await openStore(config.database, { poolMax: config.databasePoolMax });
const deps = createDeps(
  config,
  store,
  createJsonLogger(() => undefined),
);
const inputOf = (raw: string | undefined): unknown => JSON.parse(raw ?? "");

const app = new Hono();
app.get("/healthz", (c) => c.json({ ok: true }));
app.get("/floor/lookup", async (c) => {
  const { email } = lookupInput.parse(inputOf(c.req.query("input")));
  const sso = (await store.accounts.findSignInRoute(email))?.sso;
  return c.json({ result: { data: { password: !sso?.enforce, sso: sso ? { name: sso.displayName } : null } } });
});
app.get("/floor/trpc-lookup", async (c) => {
  const input = inputOf(c.req.query("input"));
  const ctx = { ...deps, session: null, clientIp: "127.0.0.1", ssoHandoffBinder: undefined, userAgent: undefined };
  const data = await callTRPCProcedure({
    router: appRouter,
    path: "auth.lookup",
    type: "query",
    ctx,
    getRawInput: async () => input,
    signal: undefined,
    batchIndex: 0,
  });
  return c.json({ result: { data } });
});
serve({ fetch: app.fetch, port: config.port, hostname: "127.0.0.1" });
