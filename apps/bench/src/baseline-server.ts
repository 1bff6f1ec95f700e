import { serve } from "@hono/node-server";
import { Hono } from "hono";

/** The framework's ceiling on this machine: a bare Hono route on @hono/node-server, nothing else. */
const app = new Hono();
app.get("/", (c) => c.json({ ok: true }));
app.get("/healthz", (c) => c.json({ ok: true }));
serve({ fetch: app.fetch, port: Number(process.argv[2]), hostname: "127.0.0.1" }, () => process.stdout.write("ready\n"));
