import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The repository root: servers run from it. */
export const repoRoot = fileURLToPath(new URL("../../../..", import.meta.url));
/** The production bundle `npm run build` makes. */
export const SERVER_BUNDLE = "apps/server/dist/main.mjs";

export interface RunningServer {
  origin: string;
  pid: number;
  /** Milliseconds from spawn to the first 200 from /healthz. */
  startToHealthyMs: number;
  /** What the process wrote to stderr so far. */
  stderr(): string;
  stop(): Promise<void>;
}

async function waitForHealthy(origin: string, child: ChildProcess, started: number, stderr: () => string): Promise<number> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}: ${stderr()}`);
    const ok = await fetch(`${origin}/healthz`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Starts a command as a server on `port` (stdout discarded) and waits until `/healthz` answers. */
export async function startServerProcess(
  command: string,
  args: string[],
  port: number,
  env: Record<string, string>,
): Promise<RunningServer> {
  const origin = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawn(command, args, { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "pipe"] });
  let errors = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    errors += chunk.toString();
  });
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  const stderr = () => errors;
  const startToHealthyMs = await waitForHealthy(origin, child, started, stderr);
  return {
    origin,
    pid: child.pid as number,
    startToHealthyMs,
    stderr,
    stop: () =>
      new Promise((resolve) => {
        process.off("exit", killOnExit);
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/**
 * The production server as `npm start` runs it (bundled, NODE_ENV=production, the start script's
 * default heap cap of 128 MiB).
 */
export function startProductionServer(port: number, env: Record<string, string>, nodeArgs: string[] = []): Promise<RunningServer> {
  if (!existsSync(`${repoRoot}/${SERVER_BUNDLE}`)) throw new Error(`${SERVER_BUNDLE} is missing: run \`npm run build\``);
  return startServerProcess(process.execPath, ["--max-old-space-size=128", "--enable-source-maps", ...nodeArgs, SERVER_BUNDLE], port, {
    NODE_ENV: "production",
    PORT: String(port),
    HOST: "127.0.0.1",
    ...env,
  });
}

/** `npm run --silent <script> -- <args>` from the repository root with `env` added, as an operator runs it: exit code and output. */
export function runNpmScript(
  script: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn("npm", ["run", "--silent", script, ...(args.length > 0 ? ["--", ...args] : [])], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
