import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { openStore } from "@jams/db";
import { EnvError, loadConfig } from "./env.ts";

/**
 * `npm run db:migrate`: applies pending migrations to `DATABASE_URL` and exits, for deployments
 * that migrate as a release step. Servers also migrate when they start (on PostgreSQL under an
 * advisory lock, so instances starting together migrate once).
 */
try {
  const config = loadConfig();
  if (config.database.dialect === "sqlite") mkdirSync(dirname(config.database.path), { recursive: true });
  const store = await openStore(config.database, { poolMax: 1 });
  await store.close();
  process.stdout.write(`Migrated the ${config.database.dialect === "sqlite" ? "SQLite" : "PostgreSQL"} database\n`);
} catch (error) {
  process.stderr.write(`${error instanceof EnvError ? error.message : `Migration failed: ${(error as Error).message}`}\n`);
  process.exit(1);
}
