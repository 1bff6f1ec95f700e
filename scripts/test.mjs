// Runs every test on SQLite, then again on a throwaway PostgreSQL cluster when PostgreSQL is
// installed, and prints the closing line CI reads: "N passed, N failed".
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { postgresBinDir, startThrowawayCluster } from "./postgres-cluster.mjs";

const root = new URL("..", import.meta.url).pathname;
const resultsDir = join(root, ".test-results");
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });

const build = spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
if (build.status !== 0) {
  console.log("0 passed, 1 failed");
  process.exit(1);
}

/** One vitest run; its counts come from the JSON report, not from the exit status alone. */
function runSuite(name, env) {
  const resultsFile = join(resultsDir, `vitest-${name}.json`);
  const args = ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${resultsFile}`, ...process.argv.slice(2)];
  const run = spawnSync("npx", args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  try {
    const report = JSON.parse(readFileSync(resultsFile, "utf8"));
    const failed = report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0);
    return { passed: report.numPassedTests, failed: failed === 0 && (!report.success || run.status !== 0) ? 1 : failed };
  } catch {
    return { passed: 0, failed: 1 };
  }
}

const results = [];
console.log("\n=== Test pass 1 of 2: SQLite ===\n");
results.push({ name: "SQLite", ...runSuite("sqlite", { TEST_POSTGRES_URL: "" }) });

const binDir = postgresBinDir();
if (binDir) {
  console.log(`\n=== Test pass 2 of 2: PostgreSQL (a throwaway cluster from ${binDir}) ===\n`);
  let cluster;
  try {
    cluster = await startThrowawayCluster(binDir);
    results.push({ name: "PostgreSQL", ...runSuite("postgres", { TEST_POSTGRES_URL: cluster.url }) });
  } catch (error) {
    console.log(`Could not start PostgreSQL: ${error.message}`);
    results.push({ name: "PostgreSQL", passed: 0, failed: 1 });
  } finally {
    cluster?.stop();
  }
} else {
  console.log("\n=== PostgreSQL is not installed (Debian: apt-get install postgresql): SKIPPING the PostgreSQL pass ===\n");
}

for (const { name, passed, failed } of results) console.log(`${name}: ${passed} passed, ${failed} failed`);
const passed = results.reduce((sum, result) => sum + result.passed, 0);
const failed = results.reduce((sum, result) => sum + result.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
