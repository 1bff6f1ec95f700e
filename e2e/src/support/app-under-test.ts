import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import type { AppConfig } from "@jams/server";
import { createTestApp, TEST_RATE_LIMITS } from "@jams/server/test-support";

const webDist = fileURLToPath(new URL("../../../apps/web/dist", import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Config a test may change; `rateLimits` are merged rule by rule into `TEST_RATE_LIMITS` (high enough never to trigger). */
export type AppUnderTestOverrides = Omit<Partial<AppConfig>, "port" | "publicUrl" | "database" | "webDistDir" | "rateLimits"> & {
  rateLimits?: Partial<AppConfig["rateLimits"]>;
};

/**
 * The production server (built SPA + API on one port) on a fresh database of this run's dialect, reachable
 * as http://localhost:<port>. Every log line is captured.
 */
export async function startAppUnderTest(overrides: AppUnderTestOverrides = {}) {
  if (!existsSync(join(webDist, "index.html"))) throw new Error("apps/web/dist is missing: run `npm run build -w @jams/web`");
  const port = await freePort();
  const { rateLimits, ...configOverrides } = overrides;
  const app = await createTestApp({
    ...configOverrides,
    rateLimits: { ...TEST_RATE_LIMITS, ...rateLimits },
    port,
    publicUrl: `http://localhost:${port}`,
    webDistDir: webDist,
  });
  const server = serve({ fetch: app.app.fetch, port, hostname: "127.0.0.1" });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  return {
    baseUrl: app.config.publicUrl,
    sql: app.sql,
    logs: app.logs,
    close: async () => {
      await new Promise<void>((resolve) => {
        if ("closeAllConnections" in server) server.closeAllConnections();
        server.close(() => resolve());
      });
      await app.close();
    },
  };
}

export type AppUnderTest = Awaited<ReturnType<typeof startAppUnderTest>>;
