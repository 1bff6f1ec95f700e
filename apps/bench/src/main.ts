import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { BENCH_ADMIN, BENCH_PASSWORD, ssoUserEmail, startBenchIdp } from "./bench-data.ts";
import { compareDatabases } from "./database-comparison.ts";
import { type LoadFigures, measureLoad } from "./http-load.ts";
import { lookupUrl, measureSequentialLatency } from "./latency.ts";
import { measurePasswordFlood } from "./password-flood.ts";
import { rssMiB, samplePeakRss } from "./process-stats.ts";
import { type Budget, budgetLines, fmtSpread, isMet, table } from "./report.ts";
import { benchServerEnv, freePort } from "./server-env.ts";
import { type RunningServer, repoRoot, startBaselineServer, startLookupFloorServer, startProductionServer } from "./server-process.ts";
import { measureSignInSteps } from "./sign-in-steps.ts";
import { measureSignIns, OWN_NAVIGATION, warmUp } from "./sso-signins.ts";
import { spreadOf } from "./stats.ts";
import { measureWebSizes } from "./web-size.ts";

/** A session of the bench tenant's admin, by password, for the `auth.me` row. */
async function adminSession(origin: string): Promise<string> {
  const response = await fetch(`${origin}/trpc/auth.passwordLogin`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: BENCH_ADMIN, password: BENCH_PASSWORD }),
  });
  const token = ((await response.json()) as { result?: { data?: { token?: string } } }).result?.data?.token;
  if (!token) throw new Error(`the bench admin could not sign in: ${response.status}`);
  return token;
}

async function main() {
  for (const built of ["apps/server/dist/main.mjs", "apps/web/dist/index.html"]) {
    if (!existsSync(join(repoRoot, built))) throw new Error(`${built} is missing: run \`npm run build\` first (npm run bench does)`);
  }
  const work = mkdtempSync(join(tmpdir(), "jams-bench-"));
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const { idp, encryptionKey, seed } = await startBenchIdp(origin);
  const sqliteFiles = { small: join(work, "small.db"), large: join(work, "large.db") };
  const LARGE = { users: 100_000, tenants: 10_000 };
  console.log("Seeding 1 k users / 100 tenants and 100 k users / 10 k tenants…");
  await seed({ dialect: "sqlite", path: sqliteFiles.small }, { users: 1_000, tenants: 100 });
  await seed({ dialect: "sqlite", path: sqliteFiles.large }, LARGE);
  const serverEnv = (database: string) => benchServerEnv(origin, database, encryptionKey);
  const lookupTarget = lookupUrl(origin, "user-1@tenant-1.test");
  const compareOnPostgres = async () => {
    console.log("BENCH_DATABASE=pg: SQLite, PostgreSQL with one instance and with two, on a throwaway cluster…");
    return compareDatabases({
      ports: [port, await freePort()],
      sqlite: { dialect: "sqlite", path: sqliteFiles.large },
      seed: (location) => seed(location, LARGE),
      env: serverEnv,
      idp,
      email: ssoUserEmail(0),
    });
  };

  console.log("Baseline: a bare Hono route…");
  const baselineServer = await startBaselineServer(port);
  const baseline = await measureLoad({ url: `${origin}/` });
  await baselineServer.stop();

  console.log("Floors: auth.lookup's own work, then through tRPC, in bare routes…");
  const floorServer = await startLookupFloorServer(port, serverEnv(sqliteFiles.large));
  const lookupFloor = await measureLoad({ url: lookupTarget.replace("/trpc/auth.lookup", "/floor/lookup") });
  const lookupTrpcFloor = await measureLoad({ url: lookupTarget.replace("/trpc/auth.lookup", "/floor/trpc-lookup") });
  await floorServer.stop();

  console.log("Server on 1 k users: start-up, idle memory, auth.lookup…");
  const startups: number[] = [];
  let server: RunningServer | undefined;
  for (let run = 0; run < 3; run++) {
    await server?.stop();
    server = await startProductionServer(port, serverEnv(sqliteFiles.small));
    startups.push(server.startToHealthyMs);
  }
  const small = server as RunningServer;
  const idleRss = rssMiB(small.pid);
  const lookupSmall = await measureLoad({ url: lookupTarget });
  const lookupSmallLatency = await measureSequentialLatency(lookupTarget, () => true, 2000);
  await small.stop();

  console.log("Server on 100 k users: auth.lookup, /auth/sso/start, SSO sign-ins, password flood…");
  const large = await startProductionServer(port, serverEnv(sqliteFiles.large));
  const peaks: Record<string, number> = {};
  let stopSampling = samplePeakRss(large.pid);
  const phaseDone = (phase: string) => {
    peaks[phase] = stopSampling();
    stopSampling = samplePeakRss(large.pid);
  };
  const lookupLarge = await measureLoad({ url: lookupTarget });
  const lookupLargeLatency = await measureSequentialLatency(lookupTarget, () => true, 2000);
  const me = await measureLoad({ url: `${origin}/trpc/auth.me`, headers: { authorization: `Bearer ${await adminSession(origin)}` } });
  const ssoStart = await measureLoad({
    url: `${origin}/auth/sso/start?${new URLSearchParams({ email: ssoUserEmail(0) })}`,
    headers: OWN_NAVIGATION,
  });
  phaseDone("lookup and start load");
  const largeTarget = { origins: [origin], serverPids: [large.pid] };
  await warmUp(largeTarget.origins);
  const signIns = [];
  for (const concurrency of [1, 4, 16]) {
    const runs = [];
    for (let run = 0; run < 3; run++) runs.push(await measureSignIns(largeTarget, idp, concurrency, concurrency * 12));
    signIns.push({
      concurrency,
      signInsPerSecond: spreadOf(runs.map((run) => run.signInsPerSecond)),
      serverCpuMs: spreadOf(runs.map((run) => run.serverCpuMsPerSignIn)),
      backChannel: spreadOf(runs.map((run) => run.backChannelPerSignIn)),
    });
  }
  const stepRuns = [];
  for (let run = 0; run < 3; run++) stepRuns.push(await measureSignInSteps(origin, large.pid, 200));
  const steps = {
    start: spreadOf(stepRuns.map((run) => run.start)),
    callback: spreadOf(stepRuns.map((run) => run.callback)),
    redeem: spreadOf(stepRuns.map((run) => run.redeem)),
  };
  phaseDone("SSO sign-ins");
  const flood = await measurePasswordFlood(origin);
  phaseDone("password flood");
  stopSampling();
  const peakRss = Math.max(...Object.values(peaks));
  await large.stop();
  const databases = process.env.BENCH_DATABASE === "pg" ? await compareOnPostgres() : [];
  await idp.close();
  const web = measureWebSizes();
  rmSync(work, { recursive: true, force: true });

  const atFour = signIns.find((entry) => entry.concurrency === 4) ?? signIns[0];
  const budgets: Budget[] = [
    {
      name: "/auth/sso/start vs bare route (req/s)",
      value: (100 * ssoStart.rps.median) / baseline.rps.median,
      limit: 50,
      unit: " %",
      kind: "min",
    },
    {
      name: "auth.lookup (100 k users) vs bare route (req/s)",
      value: (100 * lookupLarge.rps.median) / baseline.rps.median,
      limit: 40,
      unit: " %",
      kind: "min",
    },
    {
      name: "auth.lookup p50 latency, 100 k vs 1 k users",
      value: lookupLargeLatency.p50Ms / lookupSmallLatency.p50Ms,
      limit: 1.3,
      unit: "×",
      kind: "max",
    },
    {
      name: "server CPU per SSO sign-in (concurrency 4)",
      value: atFour?.serverCpuMs.median ?? Number.NaN,
      limit: 1.5,
      unit: " ms",
      kind: "max",
    },
    {
      name: "back-channel requests per steady-state sign-in",
      value: atFour?.backChannel.median ?? Number.NaN,
      limit: 1,
      unit: "",
      kind: "max",
    },
    { name: "auth.lookup p99 during the password flood", value: flood.lookupDuringFlood.p99Ms, limit: 20, unit: " ms", kind: "max" },
    { name: "/login JavaScript (gzip)", value: web.loginJsKiB, limit: 100, unit: " KiB", kind: "max" },
    { name: "start to healthy", value: spreadOf(startups).median, limit: 1000, unit: " ms", kind: "max" },
    { name: "resident memory under load", value: peakRss, limit: 200, unit: " MiB", kind: "max" },
  ];
  const percentOfBare = (figures: LoadFigures) => `${((100 * figures.rps.median) / baseline.rps.median).toFixed(1)} % of the bare route`;
  const rows: Array<[string, string]> = [
    ["machine", `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, Node ${process.version}`],
    ["bare Hono route", `${fmtSpread(baseline.rps)} req/s, p99 ${fmtSpread(baseline.p99, " ms")}`],
    [
      "auth.lookup, 1 k users",
      `${fmtSpread(lookupSmall.rps)} req/s, p99 ${fmtSpread(lookupSmall.p99, " ms")}; one client p50 ${lookupSmallLatency.p50Ms.toFixed(3)} ms`,
    ],
    [
      "auth.lookup, 100 k users",
      `${fmtSpread(lookupLarge.rps)} req/s, p99 ${fmtSpread(lookupLarge.p99, " ms")}; one client p50 ${lookupLargeLatency.p50Ms.toFixed(3)} ms`,
    ],
    [
      "auth.lookup floor",
      `${fmtSpread(lookupFloor.rps)} req/s (${percentOfBare(lookupFloor)}): its own work only, no tRPC, headers, log or limit`,
    ],
    [
      "auth.lookup floor with tRPC",
      `${fmtSpread(lookupTrpcFloor.rps)} req/s (${percentOfBare(lookupTrpcFloor)}): the real procedure via tRPC, no headers or log`,
    ],
    ["auth.me, 100 k users", `${fmtSpread(me.rps)} req/s (${percentOfBare(me)}), p99 ${fmtSpread(me.p99, " ms")}`],
    ["/auth/sso/start", `${fmtSpread(ssoStart.rps)} req/s, p99 ${fmtSpread(ssoStart.p99, " ms")}`],
    ...signIns.map((entry): [string, string] => [
      `SSO sign-ins, concurrency ${entry.concurrency}`,
      `${fmtSpread(entry.signInsPerSecond)} /s, server CPU ${fmtSpread(entry.serverCpuMs, " ms")} per sign-in, IdP requests ${fmtSpread(entry.backChannel)} per sign-in`,
    ]),
    [
      "SSO sign-in CPU by step",
      `start ${fmtSpread(steps.start, " ms")}, callback ${fmtSpread(steps.callback, " ms")} (with the token request), redeem ${fmtSpread(steps.redeem, " ms")}; one at a time`,
    ],
    ["password sign-ins under flood", `${flood.passwordSignInsPerSecond.toFixed(1)} /s (${flood.refused429} turned away with 429)`],
    [
      "auth.lookup during the flood",
      `p50 ${flood.lookupDuringFlood.p50Ms.toFixed(2)} ms, p99 ${flood.lookupDuringFlood.p99Ms.toFixed(2)} ms, max ${flood.lookupDuringFlood.maxMs.toFixed(2)} ms (${flood.lookupDuringFlood.count} requests)`,
    ],
    ["start to healthy", fmtSpread(spreadOf(startups), " ms")],
    [
      "resident memory",
      `idle ${idleRss.toFixed(1)} MiB; peak ${Object.entries(peaks)
        .map(([phase, peak]) => `${peak.toFixed(0)} MiB during ${phase}`)
        .join(", ")}`,
    ],
    ...databases.flatMap(
      (setup): Array<[string, string]> => [
        [`${setup.name}: lookup, start`, `${setup.lookupRps.toFixed(0)} req/s, ${setup.startRps.toFixed(0)} req/s`],
        ...setup.signIns.map((entry): [string, string] => [
          `${setup.name}: sign-ins, c=${entry.concurrency}`,
          `${fmtSpread(entry.signInsPerSecond)} /s, server CPU ${fmtSpread(entry.serverCpuMs, " ms")}, database CPU ${fmtSpread(entry.databaseCpuMs, " ms")} per sign-in`,
        ]),
      ],
    ),
    ["web, /login", `${web.loginJsKiB.toFixed(1)} KiB JS + ${web.loginCssKiB.toFixed(1)} KiB CSS (gzip)`],
    ["web, whole app", `${web.appJsKiB.toFixed(1)} KiB JS + ${web.appCssKiB.toFixed(1)} KiB CSS (gzip) in ${web.chunks} chunks`],
  ];
  console.log(`\nJAMS IMES sign-in benchmark (medians of 3 runs, min–max in brackets)\n${table(rows)}\n\nBudgets\n${budgetLines(budgets)}`);
  const resultsDir = join(repoRoot, "bench-results");
  mkdirSync(resultsDir, { recursive: true });
  const json = {
    measuredAt: new Date().toISOString(),
    baseline,
    lookupSmall,
    lookupLarge,
    lookupSmallLatency,
    lookupLargeLatency,
    lookupFloor,
    lookupTrpcFloor,
    me,
    ssoStart,
    signIns,
    signInSteps: steps,
    flood,
    startups,
    idleRss,
    peakRss,
    web,
    databases,
    budgets: budgets.map((budget) => ({ ...budget, isMet: isMet(budget) })),
  };
  writeFileSync(join(resultsDir, "latest.json"), `${JSON.stringify(json, null, 2)}\n`);
  console.log(`\nFigures written to bench-results/latest.json (admin of the bench tenant: ${BENCH_ADMIN})`);
}

await main();
