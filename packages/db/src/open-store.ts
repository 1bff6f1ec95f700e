import { isAbsolute, resolve } from "node:path";
import { openSqlite } from "./sqlite/sqlite-executor.ts";
import { createStore, type Store } from "./store.ts";

export type DatabaseLocation = { dialect: "sqlite"; path: string } | { dialect: "postgres"; url: string };

/**
 * Reads `DATABASE_URL`: `postgres://…` or `postgresql://…` is PostgreSQL; anything else is a
 * SQLite file path, optionally `file:`-prefixed, relative paths resolved against `baseDir`.
 */
export function databaseLocationOf(value: string, baseDir: string): DatabaseLocation {
  if (/^postgres(ql)?:\/\//i.test(value)) return { dialect: "postgres", url: value };
  const path = value.replace(/^file:(\/\/)?/, "");
  return { dialect: "sqlite", path: isAbsolute(path) ? path : resolve(baseDir, path) };
}

export interface OpenOptions {
  /** PostgreSQL connections per process (`DATABASE_POOL_MAX`). */
  poolMax: number;
  /** An idle PostgreSQL connection failed (e.g. the server restarted); the pool replaces it. */
  onPoolError?: (error: Error) => void;
}

/**
 * Opens the database, applying pending migrations first (on PostgreSQL under an advisory lock).
 * node-postgres and its migrator are loaded only for PostgreSQL: a SQLite server starts without them.
 */
export async function openStore(location: DatabaseLocation, options: OpenOptions): Promise<Store> {
  if (location.dialect === "sqlite") return createStore(openSqlite(location.path));
  const [{ createPool, PgExecutor }, { migratePostgres }] = await Promise.all([
    import("./pg/pg-executor.ts"),
    import("./pg/pg-migrate.ts"),
  ]);
  await migratePostgres(location.url);
  return createStore(new PgExecutor(createPool(location.url, options.poolMax, options.onPoolError ?? (() => undefined))));
}
