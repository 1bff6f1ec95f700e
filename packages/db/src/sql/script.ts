/**
 * A store operation is written once, as a script: a generator that yields the statements it
 * needs and receives their results. Each dialect runs scripts its own way: SQLite synchronously
 * on its one connection, PostgreSQL asynchronously on a pooled one, so the same operation is
 * one transaction on both (see `Executor`). SQL uses `?` placeholders; PostgreSQL's executor
 * numbers them.
 */
export type Param = string | number | boolean | null;

/** Tables whose rows an operation may lock for the rest of its transaction. */
export type LockableTable = "tenants" | "users";

/** Tables an operation may lock whole, for an invariant over rows that may not exist yet (one current data key). */
export type WholeLockableTable = "data_keys";

export type Statement =
  | { kind: "get" | "all" | "run"; sql: string; params: readonly Param[] }
  | { kind: "lock"; table: LockableTable; id: string }
  | { kind: "lockTable"; table: WholeLockableTable };

export type Script<T> = Generator<Statement, T, unknown>;

/** The first row, or undefined. */
export function* get<Row>(sql: string, ...params: Param[]): Script<Row | undefined> {
  return (yield { kind: "get", sql, params }) as Row | undefined;
}

export function* all<Row>(sql: string, ...params: Param[]): Script<Row[]> {
  return (yield { kind: "all", sql, params }) as Row[];
}

/** Runs a write; returns how many rows it changed. */
export function* run(sql: string, ...params: Param[]): Script<number> {
  return (yield { kind: "run", sql, params }) as number;
}

/**
 * Holds a row against concurrent writers until the transaction ends (PostgreSQL `FOR UPDATE`),
 * so invariants spanning several rows (the last active admin) hold under concurrency. SQLite
 * needs nothing: its write transactions are exclusive.
 */
export function* lock(table: LockableTable, id: string): Script<void> {
  yield { kind: "lock", table, id };
}

/**
 * Holds a whole table against concurrent writers until the transaction ends (PostgreSQL `LOCK
 * TABLE … SHARE ROW EXCLUSIVE`: readers go on, a second writer waits and then sees the first's
 * rows), so "insert unless one exists" decides once. SQLite needs nothing, as for `lock`.
 * Only inside `Executor.transaction`.
 */
export function* lockTable(table: WholeLockableTable): Script<void> {
  yield { kind: "lockTable", table };
}

/** Runs a script whose statements answer at once (SQLite). */
export function runSync<T>(script: Script<T>, execute: (statement: Statement) => unknown): T {
  let step = script.next();
  while (!step.done) step = script.next(execute(step.value));
  return step.value;
}

/** Runs a script whose statements answer later (PostgreSQL). */
export async function runAsync<T>(script: Script<T>, execute: (statement: Statement) => Promise<unknown>): Promise<T> {
  let step = script.next();
  while (!step.done) step = script.next(await execute(step.value));
  return step.value;
}

/** A unique constraint refused a write (an email or token already taken); the transaction changed nothing. */
export class UniqueViolationError extends Error {
  override name = "UniqueViolationError";
}

/** Runs scripts against one database. Every method is async; what runs inside is the dialect's business. */
export interface Executor {
  readonly dialect: "sqlite" | "postgres";
  /** Runs a script statement by statement; each statement is atomic on its own. */
  run<T>(script: Script<T>): Promise<T>;
  /**
   * Runs a script as one transaction: all of it or nothing. The script is built by `makeScript`
   * so it can be run again when PostgreSQL asks for a retry (serialization failure, deadlock).
   */
  transaction<T>(makeScript: () => Script<T>): Promise<T>;
  close(): Promise<void>;
}
