import { fileURLToPath } from "node:url";
import { type RunningServer, startServerProcess } from "@jams/server/server-process";

export { type RunningServer, repoRoot, startProductionServer } from "@jams/server/server-process";

const tsx = fileURLToPath(new URL("../../../node_modules/.bin/tsx", import.meta.url));

/** The bare Hono route, for the framework's ceiling. */
export function startBaselineServer(port: number): Promise<RunningServer> {
  return startServerProcess(tsx, ["apps/bench/src/baseline-server.ts", String(port)], port, { NODE_ENV: "production" });
}

/** `auth.lookup`'s floors in bare routes (see floor-server.ts), with the production server's environment. */
export function startLookupFloorServer(port: number, env: Record<string, string>): Promise<RunningServer> {
  return startServerProcess(tsx, ["apps/bench/src/floor-server.ts"], port, {
    NODE_ENV: "production",
    PORT: String(port),
    HOST: "127.0.0.1",
    ...env,
  });
}
