// Bundles the server's own TypeScript (and the workspace packages) into dist/main.mjs for `npm start`.
// Third-party packages stay in node_modules; native better-sqlite3 cannot be bundled anyway.
// What only some deployments use (PostgreSQL, Azure Key Vault, SMTP) is imported on demand and
// split into chunks of its own, so a server that does not use it never loads those packages. The
// chunks sit beside main.mjs: code in them resolves paths from import.meta.url as main.mjs does.
import { build } from "esbuild";

const keepPackagesExternal = {
  name: "keep-packages-external",
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith("@jams/") ? undefined : { path: args.path, external: true }));
  },
};

await build({
  entryPoints: [new URL("../src/main.ts", import.meta.url).pathname],
  outdir: new URL("../dist", import.meta.url).pathname,
  outExtension: { ".js": ".mjs" },
  chunkNames: "[name]-[hash]",
  splitting: true,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  plugins: [keepPackagesExternal],
  logLevel: "warning",
});
