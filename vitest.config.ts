import { availableParallelism } from "node:os";
import { configDefaults, defineConfig } from "vitest/config";

/** Tests of PostgreSQL-only behaviour (`*.postgres.test.ts`) run in the pass that has a PostgreSQL server. */
const postgresOnly = process.env.TEST_POSTGRES_URL ? [] : ["**/*.postgres.test.ts"];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["packages/*/src/**/*.test.ts", "apps/*/src/**/*.test.ts"],
          exclude: [...configDefaults.exclude, ...postgresOnly],
          // Most of these tests wait on sockets (local IdPs, DNS, PostgreSQL): on two cores, three files at
          // a time halve the run, where vitest's default (cores − 1) would run them one by one.
          maxWorkers: Math.max(3, availableParallelism()),
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["e2e/src/**/*.test.ts"],
          testTimeout: 90_000,
          hookTimeout: 90_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
