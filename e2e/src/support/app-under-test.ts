import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { AppConfig } from "@jams/server";
import { createServedTestApp, TEST_RATE_LIMITS } from "@jams/server/test-support";

const webDist = fileURLToPath(new URL("../../../apps/web/dist", import.meta.url));

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
  const { rateLimits, ...configOverrides } = overrides;
  return createServedTestApp({ ...configOverrides, rateLimits: { ...TEST_RATE_LIMITS, ...rateLimits }, webDistDir: webDist });
}

export type AppUnderTest = Awaited<ReturnType<typeof startAppUnderTest>>;
