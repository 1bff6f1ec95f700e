import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The repository root: servers run from it, results are written below it. */
export const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));

export interface RunningServer {
  origin: string;
  pid: number;
  /** Milliseconds from spawn to the first 200 from /healthz. */
  startToHealthyMs: number;
  stop(): Promise<void>;
}

async function waitForHealthy(origin: string, child: ChildProcess, started: number): Promise<number> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    const ok = await fetch(`${origin}/healthz`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Starts a command as a server on `port` and waits until `/healthz` answers. */
async function startServer(command: string, args: string[], port: number, env: Record<string, string>): Promise<RunningServer> {
  const origin = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawn(command, args, { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "inherit"] });
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  const startToHealthyMs = await waitForHealthy(origin, child, started);
  return {
    origin,
    pid: child.pid as number,
    startToHealthyMs,
    stop: () =>
      new Promise((resolve) => {
        process.off("exit", killOnExit);
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/**
 * The production server as `npm start` runs it (bundled, NODE_ENV=production, the start script's
 * default heap cap of 128 MiB), logs discarded.
 */
export function startProductionServer(port: number, env: Record<string, string>, nodeArgs: string[] = []): Promise<RunningServer> {
  return startServer(
    process.execPath,
    ["--max-old-space-size=128", "--enable-source-maps", ...nodeArgs, "apps/server/dist/main.mjs"],
    port,
    {
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      ...env,
    },
  );
}

const tsx = fileURLToPath(new URL("../../../node_modules/.bin/tsx", import.meta.url));

/** The bare Hono route, for the framework's ceiling. */
export function startBaselineServer(port: number): Promise<RunningServer> {
  return startServer(tsx, ["apps/bench/src/baseline-server.ts", String(port)], port, { NODE_ENV: "production" });
}

/** `auth.lookup`'s floors in bare routes (see floor-server.ts), with the production server's environment. */
export function startLookupFloorServer(port: number, env: Record<string, string>): Promise<RunningServer> {
  return startServer(tsx, ["apps/bench/src/floor-server.ts"], port, {
    NODE_ENV: "production",
    PORT: String(port),
    HOST: "127.0.0.1",
    ...env,
  });
}
