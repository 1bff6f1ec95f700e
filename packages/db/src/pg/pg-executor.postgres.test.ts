import pg from "pg";
import { describe, expect, it } from "vitest";
import { get, run } from "../sql/script.ts";
import { sqlOf, storePerTest } from "../test-support/test-database.ts";

/**
 * Serialization failures are PostgreSQL's: SQLite runs one write transaction at a time and never
 * asks for a retry. Like every `*.postgres.test.ts`, this file runs in the PostgreSQL pass only.
 */
describe("the PostgreSQL executor", () => {
  const opened = storePerTest();

  it("runs a transaction again after a serialization failure, committing it once on the data that won", async () => {
    const { store, database } = opened;
    if (database.location.dialect !== "postgres") throw new Error("a PostgreSQL test database was expected");
    const created = await store.accounts.createWorkspace(
      { workspaceName: "Acme", name: "Ann", email: "ann@acme.com", passwordHash: "x" },
      null,
    );
    if (!created) throw new Error("workspace not created");
    const { tenantId } = created.user;
    const rival = new pg.Client({ connectionString: database.location.url });
    await rival.connect();
    try {
      await rival.query("begin");
      await rival.query("update tenants set name = 'Globex' where id = $1", [tenantId]);
      let attempts = 0;
      let rivalCommit: Promise<unknown> | undefined;
      const nameRead = await store.executor.transaction(function* () {
        attempts++;
        yield* run("set transaction isolation level repeatable read");
        const tenant = yield* get<{ name: string }>("select name from tenants where id = ?", tenantId);
        // The rival's rename commits after this snapshot and before this update: PostgreSQL refuses it with 40001.
        rivalCommit ??= rival.query("commit");
        yield* run("update tenants set name = ? where id = ?", `${tenant?.name} Inc`, tenantId);
        return tenant?.name;
      });
      await rivalCommit;
      expect(attempts).toBe(2);
      expect(nameRead).toBe("Globex");
      expect(await sqlOf(store)("select name from tenants where id = ?", tenantId)).toEqual([{ name: "Globex Inc" }]);
    } finally {
      await rival.end();
    }
  });
});
