import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterEach, beforeEach } from "vitest";
import { pgMigrationsFolder } from "../migrations-folder.ts";
import { type DatabaseLocation, openStore } from "../open-store.ts";
import { migratePostgres } from "../pg/pg-migrate.ts";
import { all, type Param } from "../sql/script.ts";
import { SqliteExecutor } from "../sqlite/sqlite-executor.ts";
import type { Store } from "../store.ts";

/**
 * The PostgreSQL server the suite runs against, when it runs against one: `npm test` starts a
 * throwaway cluster for its second pass and sets this to a superuser URL on it.
 */
export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL;

/** Which database this test run uses: SQLite unless `TEST_POSTGRES_URL` is set. */
export const testDialect: DatabaseLocation["dialect"] = TEST_POSTGRES_URL ? "postgres" : "sqlite";

export interface TestDatabase {
  location: DatabaseLocation;
  /** Gives the database up: SQLite's files are removed, a PostgreSQL database is emptied for the next test. */
  drop(): Promise<void>;
}

const withDatabase = (url: string, name: string) => {
  const target = new URL(url);
  target.pathname = `/${name}`;
  return target.toString();
};

/** Named after the migrations it holds, so a changed migration gets a fresh template. */
function templateName(): string {
  const hash = createHash("sha256");
  for (const file of readdirSync(pgMigrationsFolder, { recursive: true }).map(String).sort()) {
    if (file.endsWith(".sql") || file.endsWith(".json")) hash.update(file).update(readFileSync(join(pgMigrationsFolder, file)));
  }
  return `jams_template_${hash.digest("hex").slice(0, 12)}`;
}

let template: Promise<string> | undefined;

/** How long a statement on a test database waits for a lock before failing (see `holdWriteLock`). */
const TEST_LOCK_TIMEOUT_MS = 1000;

/** A migrated template database, made once per cluster (an advisory lock keeps parallel workers from racing). */
async function migratedTemplate(adminUrl: string): Promise<string> {
  const name = templateName();
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query("select pg_advisory_lock(42)");
    const exists = await admin.query("select 1 from pg_database where datname = $1", [name]);
    if (exists.rowCount === 0) {
      await admin.query(`create database "${name}"`);
      await migratePostgres(withDatabase(adminUrl, name));
    }
    return name;
  } finally {
    await admin.query("select pg_advisory_unlock(42)").catch(() => undefined);
    await admin.end();
  }
}

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/** Databases of this process that tests gave back, emptied, ready for the next test. */
const idleDatabases: string[] = [];

async function emptied(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabase(adminUrl, name) });
  await client.connect();
  try {
    const { rows } = await client.query<{ tablename: string }>("select tablename from pg_tables where schemaname = 'public'");
    if (rows.length > 0) await client.query(`truncate ${rows.map((row) => `"${row.tablename}"`).join(", ")} restart identity cascade`);
  } finally {
    await client.end();
  }
}

/**
 * A fresh, migrated, empty database of this run's dialect: a SQLite file in a temporary directory,
 * or a PostgreSQL database (copied from a migrated template, then reused by this process's later
 * tests once emptied: creating one costs ~150 ms, emptying one ~10 ms). With `isMigrated: false`,
 * a database that has never seen a migration (a SQLite file is always created empty).
 */
export async function createTestDatabase(options: { isMigrated: boolean } = { isMigrated: true }): Promise<TestDatabase> {
  if (!TEST_POSTGRES_URL) {
    const dir = mkdtempSync(join(tmpdir(), "jams-test-"));
    return { location: { dialect: "sqlite", path: join(dir, "test.db") }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const adminUrl = TEST_POSTGRES_URL;
  if (!options.isMigrated) {
    const empty = `jams_empty_${randomBytes(6).toString("hex")}`;
    await adminQuery(adminUrl, `create database "${empty}"`);
    return {
      location: { dialect: "postgres", url: withDatabase(adminUrl, empty) },
      drop: () => adminQuery(adminUrl, `drop database if exists "${empty}" with (force)`),
    };
  }
  let name = idleDatabases.pop();
  if (!name) {
    template ??= migratedTemplate(adminUrl);
    name = `jams_test_${randomBytes(6).toString("hex")}`;
    await adminQuery(adminUrl, `create database "${name}" template "${await template}"`);
    await adminQuery(adminUrl, `alter database "${name}" set lock_timeout = '${TEST_LOCK_TIMEOUT_MS}ms'`);
  }
  const database = name;
  return {
    location: { dialect: "postgres", url: withDatabase(adminUrl, database) },
    drop: async () => {
      await emptied(adminUrl, database);
      idleDatabases.push(database);
    },
  };
}

/**
 * A fresh database and a store open on it for each test of the calling block (closed and dropped
 * after it): read `.store` and `.database` inside the tests.
 */
export function storePerTest(poolMax = 2): { readonly store: Store; readonly database: TestDatabase } {
  let current: { store: Store; database: TestDatabase } | undefined;
  beforeEach(async () => {
    const database = await createTestDatabase();
    current = { database, store: await openStore(database.location, { poolMax }) };
  });
  afterEach(async () => {
    await current?.store.close();
    await current?.database.drop();
    current = undefined;
  });
  const opened = () => {
    if (!current) throw new Error("storePerTest: read the store inside a test");
    return current;
  };
  return {
    get store() {
      return opened().store;
    },
    get database() {
      return opened().database;
    },
  };
}

/** Runs any query on a store's database, for tests that assert what the stores wrote: `await sql("select * from users")`. */
export function sqlOf(store: Store) {
  return <Row = Record<string, unknown>>(sql: string, ...params: Param[]): Promise<Row[]> => store.executor.run(all<Row>(sql, ...params));
}

/**
 * Takes the write lock of a table from another connection, as a long transaction of another
 * process would, until `release`. Writes to the table then fail quickly instead of waiting: SQLite's
 * busy timeout drops to 0, and test databases on PostgreSQL wait at most `lock_timeout`.
 */
export async function holdWriteLock(store: Store, location: DatabaseLocation, table: string): Promise<{ release(): Promise<void> }> {
  if (store.executor instanceof SqliteExecutor && location.dialect === "sqlite") {
    const app = store.executor.sqlite;
    app.pragma("busy_timeout = 0");
    const locker = new Database(location.path);
    locker.exec("begin immediate");
    return {
      release: async () => {
        locker.exec("rollback");
        locker.close();
        app.pragma("busy_timeout = 5000");
      },
    };
  }
  if (location.dialect !== "postgres") throw new Error("the store and the location disagree");
  const locker = new pg.Client({ connectionString: location.url });
  await locker.connect();
  await locker.query("begin");
  await locker.query(`lock table ${table} in exclusive mode`);
  return {
    release: async () => {
      await locker.query("rollback");
      await locker.end();
    },
  };
}
