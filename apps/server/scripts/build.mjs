// Bundles the server's own TypeScript (and the workspace packages) into dist/main.mjs for `npm start`.
// Third-party packages stay in node_modules; native better-sqlite3 cannot be bundled anyway.
import { build } from "esbuild";

const keepPackagesExternal = {
  name: "keep-packages-external",
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith("@jams/") ? undefined : { path: args.path, external: true }));
  },
};

await build({
  entryPoints: [new URL("../src/main.ts", import.meta.url).pathname],
  outfile: new URL("../dist/main.mjs", import.meta.url).pathname,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  plugins: [keepPackagesExternal],
  logLevel: "warning",
});
