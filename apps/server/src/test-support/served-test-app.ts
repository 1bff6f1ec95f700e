import { serve } from "@hono/node-server";
import type { AppConfig } from "../config.ts";
import type { DepsOverrides } from "../deps.ts";
import { freePort } from "./free-port.ts";
import { createTestApp } from "./test-app.ts";

/**
 * A test app listening on 127.0.0.1 (`PUBLIC_URL` http://localhost:<port>), for what must reach it
 * over the network: a browser, or an IdP posting a back-channel logout token.
 */
export async function createServedTestApp(overrides: Partial<AppConfig> = {}, depsOverrides: DepsOverrides = {}) {
  const port = await freePort();
  const app = await createTestApp({ ...overrides, port, publicUrl: `http://localhost:${port}` }, depsOverrides);
  const server = serve({ fetch: app.app.fetch, port, hostname: "127.0.0.1" });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  return {
    ...app,
    baseUrl: app.config.publicUrl,
    close: async () => {
      await new Promise<void>((resolve) => {
        if ("closeAllConnections" in server) server.closeAllConnections();
        server.close(() => resolve());
      });
      await app.close();
    },
  };
}

export type ServedTestApp = Awaited<ReturnType<typeof createServedTestApp>>;
