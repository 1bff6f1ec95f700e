import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const CONTRACTS_SOURCE = /[\\/]packages[\\/]contracts[\\/]src[\\/]/;

/** Where the dev server forwards API and SSO redirect requests; the server's own default port. */
const apiOrigin = process.env.JAMS_API_ORIGIN ?? "http://127.0.0.1:3000";

export default defineConfig({
  plugins: [react()],
  server: {
    host: "localhost",
    port: 5173,
    strictPort: true,
    proxy: {
      "/trpc": apiOrigin,
      "/auth/sso": apiOrigin,
      "/healthz": apiOrigin,
      "/docs/sso": apiOrigin,
      "/docs/scim": apiOrigin,
      "/scim/v2": apiOrigin,
    },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    rolldownOptions: {
      // `@jams/contracts` builds its zod schemas at module level. To the bundler those calls look like side
      // effects, so importing one constant would ship all of zod with /login, although the SPA never validates
      // with it. Both hints hold for that package: importing it only defines values, and building a schema
      // (`z.…`, or deriving one from another schema) is pure, so unused schemas are dropped.
      treeshake: {
        moduleSideEffects: (id) => (CONTRACTS_SOURCE.test(id) ? false : undefined),
        manualPureFunctions: ["z", "newPasswordSchema"],
      },
    },
  },
});
