import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import { openDatabase } from "@jams/db";
import { type AppConfig, createApp, createDeps, createJsonLogger } from "@jams/server";
import { testConfig } from "@jams/server/test-support";

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

/** Config a test may change; `rateLimits` are merged rule by rule into `testConfig`'s (high enough never to trigger). */
export type AppUnderTestOverrides = Omit<Partial<AppConfig>, "port" | "publicUrl" | "databasePath" | "webDistDir" | "rateLimits"> & {
  rateLimits?: Partial<AppConfig["rateLimits"]>;
};

/**
 * The production server (built SPA + API on one port) on a fresh SQLite file, reachable
 * as http://localhost:<port>. Every log line is captured.
 */
export async function startAppUnderTest(overrides: AppUnderTestOverrides = {}) {
  if (!existsSync(join(webDist, "index.html"))) throw new Error("apps/web/dist is missing: run `npm run build -w @jams/web`");
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "jams-e2e-"));
  const { rateLimits, ...configOverrides } = overrides;
  const base = testConfig(join(dir, "e2e.db"), { ...configOverrides, port, publicUrl: `http://localhost:${port}`, webDistDir: webDist });
  const config: AppConfig = { ...base, rateLimits: { ...base.rateLimits, ...rateLimits } };
  const db = openDatabase(config.databasePath);
  const logs: string[] = [];
  const deps = createDeps(
    config,
    db,
    createJsonLogger((line) => logs.push(line)),
  );
  const server = serve({ fetch: createApp(deps).fetch, port, hostname: "127.0.0.1" });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  return {
    baseUrl: config.publicUrl,
    db,
    logs,
    close: async () => {
      await new Promise<void>((resolve) => {
        if ("closeAllConnections" in server) server.closeAllConnections();
        server.close(() => resolve());
      });
      db.$client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type AppUnderTest = Awaited<ReturnType<typeof startAppUnderTest>>;
