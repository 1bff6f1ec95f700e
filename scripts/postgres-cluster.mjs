// A throwaway PostgreSQL cluster in a temporary directory, for the test suite's second pass and the bench.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The newest installed PostgreSQL's binaries (Debian puts them in /usr/lib/postgresql/<version>/bin), or undefined. */
export function postgresBinDir() {
  const fromPgConfig = spawnSync("pg_config", ["--bindir"], { encoding: "utf8" });
  const candidates = [
    ...(existsSync("/usr/lib/postgresql")
      ? readdirSync("/usr/lib/postgresql")
          .sort((a, b) => Number(b) - Number(a))
          .map((version) => `/usr/lib/postgresql/${version}/bin`)
      : []),
    ...(fromPgConfig.status === 0 ? [fromPgConfig.stdout.trim()] : []),
  ];
  return candidates.find((dir) => existsSync(join(dir, "initdb")) && existsSync(join(dir, "pg_ctl")) && existsSync(join(dir, "postgres")));
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** The processes a postmaster started (its backends and workers), from /proc. */
function childrenOf(parentPid) {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return Number(readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ")[1]) === parentPid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

/**
 * Creates and starts a cluster (trust authentication on 127.0.0.1 only, durability off: it lives
 * minutes), returns its superuser URL and a `stop` that removes every file. `initdb` refuses to run
 * as root, so as root the cluster belongs to the `postgres` user.
 */
export async function startThrowawayCluster(binDir, { maxConnections = 300 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "jams-pg-"));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) execFileSync("chown", ["-R", "postgres", dir]);
  const run = (command, args) => {
    const [file, fullArgs] = asRoot ? ["runuser", ["-u", "postgres", "--", join(binDir, command), ...args]] : [join(binDir, command), args];
    execFileSync(file, fullArgs, { stdio: ["ignore", "ignore", "pipe"] });
  };
  const data = join(dir, "data");
  const port = await freePort();
  let isStopped = false;
  const stop = () => {
    if (isStopped) return;
    isStopped = true;
    try {
      run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
    } catch {
      // already stopped or never started
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    run("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"]);
    const options = [
      `-p ${port}`,
      `-k ${dir}`,
      "-c listen_addresses=127.0.0.1",
      "-c fsync=off",
      "-c synchronous_commit=off",
      "-c full_page_writes=off",
      `-c max_connections=${maxConnections}`,
    ].join(" ");
    run("pg_ctl", ["-D", data, "-o", options, "-l", join(dir, "server.log"), "-w", "start"]);
  } catch (error) {
    stop();
    throw error;
  }
  process.once("exit", stop);
  const postmasterPid = Number(readFileSync(join(data, "postmaster.pid"), "utf8").split("\n")[0]);
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, stop, pids: () => [postmasterPid, ...childrenOf(postmasterPid)] };
}
