import type Database from "better-sqlite3";
import type { Db } from "./client.ts";

/**
 * Statements prepared once per database and reused: the hot paths of a sign-in skip query
 * building. They run on the database's single connection, so inside a transaction they are
 * part of it.
 */
export function preparedStatements<T>(build: (sqlite: Database.Database, db: Db) => T): (db: Db) => T {
  const byDb = new WeakMap<Db, T>();
  return (db) => {
    let statements = byDb.get(db);
    if (!statements) {
      statements = build(db.$client, db);
      byDb.set(db, statements);
    }
    return statements;
  };
}
