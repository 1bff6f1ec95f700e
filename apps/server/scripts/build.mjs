// Bundles the server's own TypeScript (and the workspace packages) into dist/main.mjs for `npm start`.
// Third-party packages stay in node_modules; native better-sqlite3 cannot be bundled anyway.
// What only some deployments use (PostgreSQL, Azure Key Vault, SMTP) is imported on demand and
// split into chunks of its own, so a server that does not use it never loads those packages. The
// chunks sit beside main.mjs: code in them resolves paths from import.meta.url as main.mjs does.
import { rmSync } from "node:fs";
import { build } from "esbuild";

const outdir = new URL("../dist", import.meta.url).pathname;
const entryOutput = "dist/main.mjs";
/** Packages the server must not load at start unless the deployment uses them. */
const ON_DEMAND_ONLY = /^(pg|pg-[\w-]+|drizzle-orm\/node-postgres.*|@azure\/.+|nodemailer(\/.*)?)$/;

const keepPackagesExternal = {
  name: "keep-packages-external",
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith("@jams/") ? undefined : { path: args.path, external: true }));
  },
};

rmSync(outdir, { recursive: true, force: true });
const { metafile } = await build({
  entryPoints: [new URL("../src/main.ts", import.meta.url).pathname],
  outdir,
  outExtension: { ".js": ".mjs" },
  chunkNames: "[name]-[hash]",
  splitting: true,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  metafile: true,
  plugins: [keepPackagesExternal],
  logLevel: "warning",
});

/** Every package main.mjs loads before it runs: its static imports, followed through the chunks it imports statically. */
function loadedAtStart(output, seen = new Set()) {
  if (seen.has(output)) return [];
  seen.add(output);
  return (metafile.outputs[output]?.imports ?? [])
    .filter((entry) => entry.kind === "import-statement")
    .flatMap((entry) => (entry.external ? [entry.path] : loadedAtStart(entry.path, seen)));
}

const entry = Object.keys(metafile.outputs).find((output) => output.endsWith(entryOutput));
if (!entry) throw new Error(`esbuild wrote no ${entryOutput}`);
const eager = [...new Set(loadedAtStart(entry))].filter((path) => ON_DEMAND_ONLY.test(path));
if (eager.length > 0) throw new Error(`main.mjs loads ${eager.join(", ")} at start: import them on demand (see this file's header)`);
