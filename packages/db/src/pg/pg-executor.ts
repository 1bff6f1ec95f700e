import { createHash } from "node:crypto";
import pg from "pg";
import {
  type Executor,
  type LockableTable,
  runAsync,
  type Script,
  type Statement,
  UniqueViolationError,
  type WholeLockableTable,
} from "../sql/script.ts";

/** `bigint` columns (epoch milliseconds, counts) arrive as strings by default; every one we store fits a double exactly. */
const INT8_OID = 20;
const parseInt8 = (value: string) => Number(value);

/** PostgreSQL error codes worth running a transaction again for. */
const RETRYABLE = new Set(["40001", "40P01"]);
const MAX_ATTEMPTS = 5;

const lockSql: Record<LockableTable, string> = {
  tenants: "select 1 from tenants where id = $1 for update",
  users: "select 1 from users where id = $1 for update",
};

const lockTableSql: Record<WholeLockableTable, string> = {
  data_keys: "lock table data_keys in share row exclusive mode",
};

interface PreparedText {
  name: string;
  text: string;
}

/** `?` placeholders numbered for PostgreSQL (`$1`, `$2`, …); our SQL has no `?` inside literals. */
function numbered(sql: string): string {
  let index = 0;
  return sql.replace(/\?/g, () => `$${++index}`);
}

const codeOf = (error: unknown) => (error as { code?: unknown }).code;

/**
 * PostgreSQL through node-postgres: a bounded pool; each statement is a named prepared statement
 * (parsed once per connection). A transaction takes one connection for its whole script, in READ
 * COMMITTED with explicit row locks where an invariant spans rows, and is retried on a
 * serialization failure or deadlock.
 */
export class PgExecutor implements Executor {
  readonly dialect = "postgres";
  readonly #texts = new Map<string, PreparedText>();

  constructor(readonly pool: pg.Pool) {}

  #prepared(sql: string): PreparedText {
    let prepared = this.#texts.get(sql);
    if (!prepared) {
      prepared = { name: `q${createHash("sha256").update(sql).digest("base64url").slice(0, 16)}`, text: numbered(sql) };
      this.#texts.set(sql, prepared);
    }
    return prepared;
  }

  async #execute(client: pg.Pool | pg.PoolClient, statement: Statement): Promise<unknown> {
    if (statement.kind === "lock") {
      await client.query(lockSql[statement.table], [statement.id]);
      return undefined;
    }
    if (statement.kind === "lockTable") {
      await client.query(lockTableSql[statement.table]);
      return undefined;
    }
    const result = await client.query({ ...this.#prepared(statement.sql), values: statement.params as unknown[] });
    if (statement.kind === "get") return result.rows[0];
    if (statement.kind === "all") return result.rows;
    return result.rowCount ?? 0;
  }

  async run<T>(script: Script<T>): Promise<T> {
    try {
      return await runAsync(script, (statement) => this.#execute(this.pool, statement));
    } catch (error) {
      throw translated(error);
    }
  }

  async transaction<T>(makeScript: () => Script<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.pool.connect();
      try {
        await client.query("begin");
        const result = await runAsync(makeScript(), (statement) => this.#execute(client, statement));
        await client.query("commit");
        return result;
      } catch (error) {
        await client.query("rollback").catch(() => undefined);
        if (RETRYABLE.has(codeOf(error) as string) && attempt < MAX_ATTEMPTS) continue;
        throw translated(error);
      } finally {
        client.release();
      }
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

const translated = (error: unknown) => (codeOf(error) === "23505" ? new UniqueViolationError((error as Error).message) : error);

/** A bounded pool; an idle connection's error (the server restarted) is reported, never a crash. */
export function createPool(connectionString: string, max: number, onIdleError: (error: Error) => void): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max,
    types: { getTypeParser: (oid, format) => (oid === INT8_OID ? parseInt8 : pg.types.getTypeParser(oid, format)) } as pg.CustomTypesConfig,
  });
  pool.on("error", onIdleError);
  return pool;
}
