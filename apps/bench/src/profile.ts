import { mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ssoUserEmail, startBenchIdp } from "./bench-data.ts";
import { measureLoad } from "./http-load.ts";
import { lookupUrl } from "./latency.ts";
import { printHotspots } from "./profile-report.ts";
import { benchServerEnv, freePort } from "./server-env.ts";
import { repoRoot, startProductionServer } from "./server-process.ts";
import { measureSignIns, OWN_NAVIGATION, warmUp } from "./sso-signins.ts";

const TARGETS = ["lookup", "start", "signin"] as const;
type Target = (typeof TARGETS)[number];

/**
 * `npm run bench:profile -- <lookup|start|signin|/path>`: the production server under one of the
 * bench's loads (or GET of any path) with `node --cpu-prof`; prints the hottest functions and keeps the profile in
 * `bench-results/` (open it in Chrome DevTools → Performance).
 */
async function main() {
  const target = process.argv[2] as Target;
  const isPath = target?.startsWith("/");
  if (!TARGETS.includes(target) && !isPath) throw new Error(`usage: npm run bench:profile -- <${TARGETS.join("|")}|/any/path>`);
  const work = mkdtempSync(join(tmpdir(), "jams-profile-"));
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const { idp, encryptionKey, seed } = await startBenchIdp(origin);
  const database = join(work, "profile.db");
  await seed({ dialect: "sqlite", path: database }, { users: 1_000, tenants: 100 });
  const profileDir = join(repoRoot, "bench-results");
  mkdirSync(profileDir, { recursive: true });
  const before = new Set(readdirSync(profileDir));
  const server = await startProductionServer(port, benchServerEnv(origin, database, encryptionKey), [
    "--cpu-prof",
    `--cpu-prof-dir=${profileDir}`,
  ]);
  await warmUp([origin]);
  if (target === "lookup") await measureLoad({ url: lookupUrl(origin, "user-1@tenant-1.test") }, 1, 6);
  if (target === "start")
    await measureLoad(
      { url: `${origin}/auth/sso/start?${new URLSearchParams({ email: ssoUserEmail(0) })}`, headers: OWN_NAVIGATION },
      1,
      6,
    );
  if (isPath) await measureLoad({ url: `${origin}${target}` }, 1, 6);
  if (target === "signin") await measureSignIns({ origins: [origin], serverPids: [server.pid] }, idp, 4, 400);
  await server.stop();
  await idp.close();
  rmSync(work, { recursive: true, force: true });
  const written = readdirSync(profileDir).find((name) => name.endsWith(".cpuprofile") && !before.has(name));
  if (!written) throw new Error("the server wrote no profile");
  printHotspots(join(profileDir, written));
}

await main();
