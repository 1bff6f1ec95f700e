import type { DatabaseLocation } from "@jams/db";
import type { LocalIdp } from "@jams/local-idp";
import { postgresBinDir, startThrowawayCluster } from "../../../scripts/postgres-cluster.mjs";
import { type LoadFigures, measureLoad } from "./http-load.ts";
import { lookupUrl } from "./latency.ts";
import { processTreeCpuMs } from "./process-stats.ts";
import { type RunningServer, startProductionServer } from "./server-process.ts";
import { measureSignIns, OWN_NAVIGATION, type SignInTarget, warmUp } from "./sso-signins.ts";
import { type Spread, spreadOf } from "./stats.ts";

export interface DatabaseSetupFigures {
  name: string;
  lookupRps: number;
  startRps: number;
  signIns: Array<{ concurrency: number; signInsPerSecond: Spread; serverCpuMs: Spread; databaseCpuMs: Spread }>;
}

interface Setup {
  name: string;
  database: DatabaseLocation;
  instances: number;
  databaseCpuMs?: () => number;
}

const urlOf = (location: DatabaseLocation) => (location.dialect === "sqlite" ? location.path : location.url);

/** Load on every instance at once (one autocannon per instance); the summed median throughput. */
async function loadAll(origins: string[], pathAndQuery: string): Promise<number> {
  const figures: LoadFigures[] = await Promise.all(
    origins.map((origin) => measureLoad({ url: `${origin}${pathAndQuery}`, headers: OWN_NAVIGATION })),
  );
  return figures.reduce((sum, figure) => sum + figure.rps.median, 0);
}

async function measureSetup(
  setup: Setup,
  ports: number[],
  env: (database: string) => Record<string, string>,
  idp: LocalIdp,
  email: string,
) {
  const servers: RunningServer[] = [];
  const sharedEnv = env(urlOf(setup.database));
  for (const port of ports.slice(0, setup.instances)) servers.push(await startProductionServer(port, sharedEnv));
  const target: SignInTarget = {
    origins: servers.map((server) => server.origin),
    serverPids: servers.map((server) => server.pid),
    ...(setup.databaseCpuMs ? { databaseCpuMs: setup.databaseCpuMs } : {}),
  };
  const lookupPath = new URL(lookupUrl(target.origins[0] as string, "user-1@tenant-1.test"));
  const lookupRps = await loadAll(target.origins, `${lookupPath.pathname}${lookupPath.search}`);
  const startRps = await loadAll(target.origins, `/auth/sso/start?${new URLSearchParams({ email })}`);
  await warmUp(target.origins);
  const signIns = [];
  for (const concurrency of [4, 16]) {
    const runs = [];
    for (let run = 0; run < 3; run++) runs.push(await measureSignIns(target, idp, concurrency, concurrency * 12));
    signIns.push({
      concurrency,
      signInsPerSecond: spreadOf(runs.map((run) => run.signInsPerSecond)),
      serverCpuMs: spreadOf(runs.map((run) => run.serverCpuMsPerSignIn)),
      databaseCpuMs: spreadOf(runs.map((run) => run.databaseCpuMsPerSignIn)),
    });
  }
  for (const server of servers) await server.stop();
  return { name: setup.name, lookupRps, startRps, signIns };
}

/**
 * `BENCH_DATABASE=pg`: the same 100 k-user data on SQLite, on PostgreSQL behind one instance, and
 * behind two instances (each request to the next instance, as a load balancer without sticky
 * sessions would send it), on a throwaway PostgreSQL cluster. Server CPU sums the instances;
 * database CPU is PostgreSQL's own processes.
 */
export async function compareDatabases(input: {
  ports: number[];
  sqlite: DatabaseLocation;
  seed: (location: DatabaseLocation) => Promise<void>;
  env: (database: string) => Record<string, string>;
  idp: LocalIdp;
  email: string;
}): Promise<DatabaseSetupFigures[]> {
  const binDir = postgresBinDir();
  if (!binDir) throw new Error("BENCH_DATABASE=pg needs PostgreSQL's binaries (Debian: apt-get install postgresql)");
  const cluster = await startThrowawayCluster(binDir);
  try {
    const postgres: DatabaseLocation = { dialect: "postgres", url: cluster.url };
    const databaseCpuMs = () => {
      const [postmaster = 0, ...backends] = cluster.pids();
      return processTreeCpuMs(postmaster, backends);
    };
    await input.seed(postgres);
    const setups: Setup[] = [
      { name: "SQLite, 1 instance", database: input.sqlite, instances: 1 },
      { name: "PostgreSQL, 1 instance", database: postgres, instances: 1, databaseCpuMs },
      { name: "PostgreSQL, 2 instances", database: postgres, instances: 2, databaseCpuMs },
    ];
    const figures = [];
    for (const setup of setups) figures.push(await measureSetup(setup, input.ports, input.env, input.idp, input.email));
    return figures;
  } finally {
    cluster.stop();
  }
}
