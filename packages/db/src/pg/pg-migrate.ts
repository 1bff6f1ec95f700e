import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { pgMigrationsFolder } from "../migrations-folder.ts";

/** Any fixed 64-bit number: the advisory lock every instance takes before migrating. */
const MIGRATION_LOCK = 7_405_112_938_114_221;

/**
 * Applies pending migrations under a session-level advisory lock, so instances starting together
 * migrate one after the other: the first applies them, the others find nothing left to do.
 */
export async function migratePostgres(connectionString: string): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await migrate(drizzle(client), { migrationsFolder: pgMigrationsFolder });
  } finally {
    await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => undefined);
    await client.end();
  }
}
