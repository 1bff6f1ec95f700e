import { readFileSync } from "node:fs";
import { join } from "node:path";
import { serveStatic } from "@hono/node-server/serve-static";
import { Hono } from "hono";

/** Serves the built SPA: hashed assets cached for a year, every other GET path falls back to index.html. */
export function createSpaStatic(distDir: string) {
  const indexHtml = readFileSync(join(distDir, "index.html"), "utf8");
  const spa = new Hono();
  spa.use("/assets/*", async (c, next) => {
    c.header("Cache-Control", "public, max-age=31536000, immutable");
    await next();
  });
  spa.use("*", serveStatic({ root: distDir }));
  spa.get("*", (c) => {
    c.header("Cache-Control", "no-cache");
    return c.html(indexHtml);
  });
  return spa;
}
