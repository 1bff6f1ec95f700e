import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { driveBrowserlessLogin } from "@jams/local-idp";
import Database from "better-sqlite3";
import { SSO_USER_COUNT, ssoUserEmail, startBenchIdp } from "./bench-data.ts";
import { rssMiB } from "./process-stats.ts";
import { benchServerEnv, freePort } from "./server-env.ts";
import { type RunningServer, startProductionServer } from "./server-process.ts";
import { callbackStep, startStep } from "./sso-signins.ts";

/**
 * `npm run soak`: the production server on SQLite under a steady mix of SSO sign-ins, lookups and
 * `auth.me` (8 at a time, loopback only) for SOAK_MINUTES, then idle for SOAK_IDLE_SECONDS (the
 * maintenance timer must sweep), then killed with SIGKILL and restarted on the same file. Every
 * minute it prints the server's RSS and heap after GC, the growing tables' rows, the WAL and the
 * errors, so a change can show it added no leak and no unbounded table.
 */
const LOAD_MS = Number(process.env.SOAK_MINUTES ?? 2) * 60_000;
const IDLE_MS = Number(process.env.SOAK_IDLE_SECONDS ?? 70) * 1000;
const CONCURRENCY = 8;
const REPORT_MS = 60_000;
const GROWING_TABLES = ["users", "sessions", "sso_handoffs", "sso_consumed_states", "audit_events", "rate_limits"];
const PROBE = fileURLToPath(new URL("./memory-probe.cjs", import.meta.url));

interface Counts {
  signIns: number;
  lookups: number;
  me: number;
  errors: number;
}

const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

/** The last heap and RSS the server's probe reported. */
function lastMemory(server: RunningServer): { rss: number; heapUsed: number } | undefined {
  const lines = server
    .stderr()
    .split("\n")
    .filter((line) => line.startsWith("SOAK_MEMORY "));
  const last = lines.at(-1);
  return last ? (JSON.parse(last.slice("SOAK_MEMORY ".length)) as { rss: number; heapUsed: number }) : undefined;
}

function tableRows(path: string): string {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return GROWING_TABLES.map((table) => `${table} ${(db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n}`).join(
      ", ",
    );
  } finally {
    db.close();
  }
}

const walMiB = (path: string) => {
  try {
    return mib(statSync(`${path}-wal`).size);
  } catch {
    return "0.0";
  }
};

/** Server errors logged so far (JSON lines at level error), apart from the probe's lines. */
const serverErrors = (server: RunningServer) =>
  server
    .stderr()
    .split("\n")
    .filter((line) => line.includes('"level":"error"')).length;

function report(label: string, server: RunningServer, path: string, counts: Counts) {
  const memory = lastMemory(server);
  console.log(
    `${label.padEnd(10)} sign-ins ${counts.signIns}, lookups ${counts.lookups}, auth.me ${counts.me}, request errors ${counts.errors}, ` +
      `server errors ${serverErrors(server)} | RSS ${rssMiB(server.pid).toFixed(1)} MiB, heap after GC ${memory ? mib(memory.heapUsed) : "?"} MiB | ` +
      `${tableRows(path)} | WAL ${walMiB(path)} MiB`,
  );
}

/** One worker: sign in through SSO, look up, and every third round call auth.me with the new session, until `until`. */
async function worker(origin: string, index: number, until: number, counts: Counts): Promise<void> {
  for (let round = 0; Date.now() < until; round++) {
    const email = ssoUserEmail((index + round * CONCURRENCY) % SSO_USER_COUNT);
    try {
      const started = await startStep(origin, email);
      const callbackUrl = await driveBrowserlessLogin(started.authorizationUrl, email);
      const handoff = await callbackStep(started, new URL(`${callbackUrl.pathname}${callbackUrl.search}`, origin));
      const redeemed = await fetch(`${origin}/trpc/auth.redeemSsoHandoff`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie: handoff.binder },
        body: JSON.stringify({ code: handoff.code }),
      });
      const token = ((await redeemed.json()) as { result?: { data?: { token?: string } } }).result?.data?.token;
      if (!token) throw new Error(`redeem answered ${redeemed.status}`);
      counts.signIns += 1;
      const lookup = await fetch(`${origin}/trpc/auth.lookup?input=${encodeURIComponent(JSON.stringify({ email }))}`);
      if (!lookup.ok) throw new Error(`lookup answered ${lookup.status}`);
      counts.lookups += 1;
      if (round % 3 === 0) {
        const me = await fetch(`${origin}/trpc/auth.me`, { headers: { authorization: `Bearer ${token}` } });
        if (!me.ok) throw new Error(`auth.me answered ${me.status}`);
        counts.me += 1;
      }
    } catch (error) {
      counts.errors += 1;
      if (counts.errors <= 5) console.error(`request error: ${(error as Error).message}`);
    }
  }
}

async function main() {
  const work = mkdtempSync(join(tmpdir(), "jams-soak-"));
  const path = join(work, "soak.db");
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const { idp, encryptionKey, seed } = await startBenchIdp(origin);
  await seed({ dialect: "sqlite", path }, { users: 1_000, tenants: 100 });
  const env = { ...benchServerEnv(origin, path, encryptionKey), SOAK_PROBE_MS: "10000" };
  const nodeArgs = ["--expose-gc", "--require", PROBE];
  let server = await startProductionServer(port, env, nodeArgs);
  const counts: Counts = { signIns: 0, lookups: 0, me: 0, errors: 0 };
  console.log(`Soak: ${LOAD_MS / 60_000} min of load (${CONCURRENCY} at a time), ${IDLE_MS / 1000} s idle, then kill -9 and restart.`);
  const started = Date.now();
  const ticker = setInterval(() => report(`${Math.round((Date.now() - started) / 60_000)} min`, server, path, counts), REPORT_MS);
  await Promise.all(Array.from({ length: CONCURRENCY }, (_, index) => worker(origin, index, started + LOAD_MS, counts)));
  report("load done", server, path, counts);
  await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
  clearInterval(ticker);
  report("idle done", server, path, counts);

  process.kill(server.pid, "SIGKILL");
  await new Promise((resolve) => setTimeout(resolve, 200));
  server = await startProductionServer(port, env, nodeArgs);
  const checked = new Database(path, { readonly: true });
  const integrity = checked.pragma("integrity_check", { simple: true });
  checked.close();
  const me = await fetch(`${origin}/healthz`);
  console.log(
    `restarted after kill -9 in ${server.startToHealthyMs.toFixed(0)} ms: /healthz ${me.status}, integrity_check ${String(integrity)}`,
  );
  await new Promise((resolve) => setTimeout(resolve, Number(env.SOAK_PROBE_MS) + 500));
  report("restarted", server, path, counts);
  await server.stop();
  await idp.close();
  rmSync(work, { recursive: true, force: true });
  const isClean = counts.errors === 0 && integrity === "ok" && me.ok;
  console.log(isClean ? "Soak passed: no errors, integrity intact." : "Soak FAILED: see the errors above.");
  process.exitCode = isClean ? 0 : 1;
}

await main();
