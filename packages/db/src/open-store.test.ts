import { readMigrationFiles } from "drizzle-orm/migrator";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { pgMigrationsFolder, sqliteMigrationsFolder } from "./migrations-folder.ts";
import { openStore } from "./open-store.ts";
import { createTestDatabase, sqlOf, type TestDatabase, testDialect } from "./test-support/test-database.ts";

let database: TestDatabase;
beforeEach(async () => {
  database = await createTestDatabase({ isMigrated: false });
});
afterEach(async () => {
  await database.drop();
});

/** drizzle's bookkeeping of applied migrations: in its own schema on PostgreSQL. */
const migrationsTable = testDialect === "postgres" ? "drizzle.__drizzle_migrations" : "__drizzle_migrations";
const migrationsFolder = testDialect === "postgres" ? pgMigrationsFolder : sqliteMigrationsFolder;

describe(`opening a new ${testDialect === "postgres" ? "PostgreSQL" : "SQLite"} database`, () => {
  it("applies each migration once when several instances open it together", async () => {
    const opened = await Promise.allSettled(Array.from({ length: 6 }, () => openStore(database.location, { poolMax: 1 })));
    const stores = opened.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
    try {
      expect(opened.filter((result) => result.status === "rejected")).toEqual([]);
      const [first] = stores;
      if (!first) throw new Error("no store opened");
      const applied = await sqlOf(first)<{ hash: string }>(`select hash from ${migrationsTable} order by created_at`);
      expect(applied.map((row) => row.hash)).toEqual(readMigrationFiles({ migrationsFolder }).map((migration) => migration.hash));
    } finally {
      await Promise.all(stores.map((store) => store.close()));
    }
  });
});
