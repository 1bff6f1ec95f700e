import Database from "better-sqlite3";
import { type Executor, type Param, runSync, type Script, type Statement, UniqueViolationError } from "../sql/script.ts";
import { migrateSqlite } from "./sqlite-migrate.ts";

/** better-sqlite3 binds no booleans: they are stored as 0/1, as drizzle's boolean mode does. */
const bindable = (params: readonly Param[]) =>
  params.some((param) => typeof param === "boolean") ? params.map((param) => (typeof param === "boolean" ? Number(param) : param)) : params;

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}

/**
 * SQLite through better-sqlite3: synchronous on one connection, every statement prepared once and
 * reused. A script runs to completion before the event loop moves on, so nothing interleaves with
 * it; transactions are `BEGIN IMMEDIATE`, taking the write lock first so that two processes on one
 * file never deadlock upgrading a read.
 */
export class SqliteExecutor implements Executor {
  readonly dialect = "sqlite";
  readonly #statements = new Map<string, Database.Statement>();
  readonly #inTransaction: Database.Transaction<(script: Script<unknown>) => unknown>;

  constructor(readonly sqlite: Database.Database) {
    this.#inTransaction = sqlite.transaction((script: Script<unknown>) => runSync(script, this.#execute));
  }

  #prepared(sql: string): Database.Statement {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.sqlite.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  readonly #execute = (statement: Statement): unknown => {
    if (statement.kind === "lock" || statement.kind === "lockTable") return undefined;
    const prepared = this.#prepared(statement.sql);
    const params = bindable(statement.params);
    if (statement.kind === "get") return prepared.get(...params);
    if (statement.kind === "all" && prepared.reader) return prepared.all(...params);
    const changes = prepared.run(...params).changes;
    return statement.kind === "all" ? [] : changes;
  };

  run<T>(script: Script<T>): Promise<T> {
    try {
      return Promise.resolve(runSync(script, this.#execute));
    } catch (error) {
      return Promise.reject(translated(error));
    }
  }

  transaction<T>(makeScript: () => Script<T>): Promise<T> {
    try {
      return Promise.resolve(this.#inTransaction.immediate(makeScript()) as T);
    } catch (error) {
      return Promise.reject(translated(error));
    }
  }

  async close(): Promise<void> {
    if (this.sqlite.open) this.sqlite.close();
  }
}

const translated = (error: unknown) => (isUniqueViolation(error) ? new UniqueViolationError((error as Error).message) : error);

/**
 * The write-ahead log is truncated back to this size whenever a checkpoint restarts it: a large
 * transaction (a retention sweep deleting thousands of rows) no longer leaves a big WAL file behind.
 */
export const WAL_SIZE_LIMIT_BYTES = 4 * 1024 * 1024;

/** Opens (creating if needed) the SQLite file, sets the pragmas we rely on and applies pending migrations. */
export function openSqlite(path: string): SqliteExecutor {
  const sqlite = new Database(path);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  migrateSqlite(sqlite);
  return new SqliteExecutor(sqlite);
}
