import { serve } from "@hono/node-server";
import { lookupInput } from "@jams/contracts";
import { openDatabase } from "@jams/db";
import { findSignInRoute } from "@jams/server";
import { Hono } from "hono";

/**
 * The floor of `auth.lookup` on this machine: its own work alone (parse the input, validate it
 * with the same zod schema, the same indexed read, a JSON answer) in a bare Hono route, without
 * tRPC, security headers, the request log or the rate limit.
 */
const db = openDatabase(process.argv[3] as string);
const app = new Hono();
app.get("/healthz", (c) => c.json({ ok: true }));
app.get("/trpc/auth.lookup", (c) => {
  const { email } = lookupInput.parse(JSON.parse(c.req.query("input") ?? ""));
  const sso = findSignInRoute(db, email)?.sso;
  return c.json({ result: { data: { password: !sso?.enforce, sso: sso ? { name: sso.displayName } : null } } });
});
serve({ fetch: app.fetch, port: Number(process.argv[2]), hostname: "127.0.0.1" });
