import { afterEach, describe, expect, it } from "vitest";
import { runMaintenance } from "./maintenance.ts";
import { createTestApp, signUpWorkspace, type TestApp } from "./test-support/test-app.ts";

let t: TestApp;
afterEach(async () => t.close());

const count = async (table: string) => (await t.sql(`select * from ${table}`)).length;

describe("expired SSO rows", () => {
  it("are deleted by the maintenance run once expired, live ones kept", async () => {
    t = await createTestApp();
    await signUpWorkspace(t, "ann@acme.com");
    const [user] = await t.sql<{ id: string }>("select id from users");
    const now = 1_900_000_000_000;
    const addRows = async (suffix: string, expiresAt: number) => {
      await t.sql(
        "insert into sso_handoffs (code_hash, binder_hash, user_id, expires_at) values (?, ?, ?, ?)",
        `code-${suffix}`,
        "binder",
        user?.id ?? "",
        expiresAt,
      );
      await t.sql("insert into sso_consumed_states (state_hash, expires_at) values (?, ?)", `state-${suffix}`, expiresAt);
    };
    await addRows("expired", now - 1);
    await addRows("expiring-now", now);
    await addRows("live", now + 1000);
    await runMaintenance(t.deps, now);
    expect([await count("sso_handoffs"), await count("sso_consumed_states")]).toEqual([1, 1]);
    await runMaintenance(t.deps, now + 1000);
    expect([await count("sso_handoffs"), await count("sso_consumed_states")]).toEqual([0, 0]);
  });
});
