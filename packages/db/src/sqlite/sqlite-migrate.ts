import type Database from "better-sqlite3";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { sqliteMigrationsFolder } from "../migrations-folder.ts";

/**
 * Applies drizzle-kit's pending migrations, bookkept in drizzle's own `__drizzle_migrations`
 * table. Unlike drizzle's migrator, it decides what is pending inside the write transaction
 * (`BEGIN IMMEDIATE`), so server processes starting together on one file migrate once: the
 * others wait for the lock, then find nothing left to do.
 */
export function migrateSqlite(sqlite: Database.Database): void {
  const migrations = readMigrationFiles({ migrationsFolder: sqliteMigrationsFolder });
  sqlite.exec(`CREATE TABLE IF NOT EXISTS "__drizzle_migrations" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric)`);
  const lastApplied = sqlite.prepare<[], { createdAt: number }>(
    `SELECT created_at AS createdAt FROM "__drizzle_migrations" ORDER BY created_at DESC LIMIT 1`,
  );
  const record = sqlite.prepare<[string, number]>(`INSERT INTO "__drizzle_migrations" ("hash", "created_at") VALUES (?, ?)`);
  sqlite
    .transaction(() => {
      const last = lastApplied.get();
      for (const migration of migrations) {
        if (last && Number(last.createdAt) >= migration.folderMillis) continue;
        for (const statement of migration.sql) if (statement.trim()) sqlite.exec(statement);
        record.run(migration.hash, migration.folderMillis);
      }
    })
    .immediate();
}
