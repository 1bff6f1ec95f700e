import { afterEach, describe, expect, it } from "vitest";
import { createTestApp, signUpWorkspace, type TestApp } from "../test-support/test-app.ts";
import { SWEEP_INTERVAL_MS, sweepExpired } from "./expired-rows.ts";

let t: TestApp;
afterEach(() => t.close());

const count = (table: string) => (t.db.$client.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;

describe("expired SSO rows", () => {
  it("are deleted at most once a minute per process, and only once expired", async () => {
    t = createTestApp();
    await signUpWorkspace(t, "ann@acme.com");
    const userId = (t.db.$client.prepare("select id from users").get() as { id: string }).id;
    const now = 1_900_000_000_000;
    const addRows = (suffix: string, expiresAt: number) => {
      t.db.$client
        .prepare("insert into sso_handoffs (code_hash, binder_hash, user_id, expires_at) values (?, ?, ?, ?)")
        .run(`code-${suffix}`, "binder", userId, expiresAt);
      t.db.$client.prepare("insert into sso_consumed_states (state_hash, expires_at) values (?, ?)").run(`state-${suffix}`, expiresAt);
    };
    addRows("expired", now - 1);
    addRows("live", now + 1000);
    sweepExpired(t.db, now);
    expect([count("sso_handoffs"), count("sso_consumed_states")]).toEqual([1, 1]);
    addRows("expired-later", now);
    sweepExpired(t.db, now + SWEEP_INTERVAL_MS - 1);
    expect([count("sso_handoffs"), count("sso_consumed_states")]).toEqual([2, 2]);
    sweepExpired(t.db, now + SWEEP_INTERVAL_MS);
    expect([count("sso_handoffs"), count("sso_consumed_states")]).toEqual([0, 0]);
  });
});
