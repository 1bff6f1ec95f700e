import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openStore } from "../open-store.ts";
import type { Store } from "../store.ts";
import { sqlOf } from "../test-support/test-database.ts";
import { WAL_SIZE_LIMIT_BYTES } from "./sqlite-executor.ts";

let dir: string;
let store: Store;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "jams-wal-"));
  store = await openStore({ dialect: "sqlite", path: join(dir, "jams.db") }, { poolMax: 1 });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const walSize = () => statSync(join(dir, "jams.db-wal")).size;

describe("the SQLite write-ahead log stays bounded", () => {
  it("grows for a large transaction, then is truncated to journal_size_limit once a checkpoint restarts it", async () => {
    const sql = sqlOf(store);
    const details = JSON.stringify({ padding: "x".repeat(2000) });
    await sql(
      `with recursive n(i) as (select 1 union all select i + 1 from n where i < 5000)
       insert into audit_events (type, details, created_at) select 'signin.failure', ?, 0 from n`,
      details,
    );
    expect(walSize()).toBeGreaterThan(WAL_SIZE_LIMIT_BYTES);
    await sql("delete from audit_events");
    await sql("pragma wal_checkpoint(PASSIVE)");
    await sql("insert into audit_events (type, created_at) values ('signin.success', 0)");
    expect(walSize()).toBeLessThanOrEqual(WAL_SIZE_LIMIT_BYTES);
  });
});
