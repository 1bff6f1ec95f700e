// Runs every test once and prints the closing line CI reads: "N passed, N failed".
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const resultsDir = join(root, ".test-results");
const resultsFile = join(resultsDir, "vitest.json");
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });

const build = spawnSync("npm", ["run", "build", "-w", "@jams/web"], { cwd: root, stdio: "inherit" });
if (build.status !== 0) {
  console.log("0 passed, 1 failed");
  process.exit(1);
}

const args = ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${resultsFile}`, ...process.argv.slice(2)];
const run = spawnSync("npx", args, { cwd: root, stdio: "inherit" });

let passed = 0;
let failed = 0;
try {
  const report = JSON.parse(readFileSync(resultsFile, "utf8"));
  passed = report.numPassedTests;
  failed = report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0);
  if (!report.success && failed === 0) failed = 1;
} catch {
  failed = Math.max(failed, 1);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(run.status === 0 && failed === 0 && passed > 0 ? 0 : 1);
