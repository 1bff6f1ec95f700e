import { afterEach, describe, expect, it, vi } from "vitest";
import { MAINTENANCE_INTERVAL_MS, runMaintenance, startMaintenance } from "./maintenance.ts";
import { createTestApp, signUpWorkspace, type TestApp } from "./test-support/test-app.ts";

let t: TestApp;
afterEach(async () => {
  vi.useRealTimers();
  await t.close();
});

const DAY = 24 * 60 * 60_000;
const keys = async (table: string, column: string) =>
  (await t.sql<Record<string, string>>(`select ${column} from ${table} order by ${column}`)).map((row) => row[column]);

describe("maintenance keeps every growing table bounded", () => {
  it("deletes expired one-time rows and sessions, audit events past retention and idle limit counters; keeps the rest", async () => {
    t = await createTestApp({ retention: { auditRetentionMs: 30 * DAY, rateLimitIdleMs: DAY } });
    await signUpWorkspace(t, "ann@acme.com");
    const [user] = await t.sql<{ id: string; tenant_id: string }>("select id, tenant_id from users");
    const userId = user?.id ?? "";
    const now = Date.now();
    for (const table of ["sessions", "audit_events", "rate_limits"]) await t.sql(`delete from ${table}`);
    for (const [name, expiresAt] of [
      ["expired", now - 1],
      ["expiring-now", now],
      ["live", now + 1000],
    ] as const) {
      await t.sql("insert into sso_handoffs (code_hash, binder_hash, user_id, expires_at) values (?, 'b', ?, ?)", name, userId, expiresAt);
      await t.sql("insert into sso_consumed_states (state_hash, expires_at) values (?, ?)", name, expiresAt);
      await t.sql(
        "insert into sessions (id, user_id, tenant_id, method, created_at, last_seen_at, expires_at) values (?, ?, ?, 'pwd', ?, ?, ?)",
        name,
        userId,
        user?.tenant_id ?? "",
        now - DAY,
        now - DAY,
        expiresAt,
      );
    }
    for (const [type, createdAt] of [
      ["signin.failure", now - 31 * DAY],
      ["signin.success", now - 29 * DAY],
    ] as const) {
      await t.sql("insert into audit_events (type, tenant_id, created_at) values (?, ?, ?)", type, user?.tenant_id ?? "", createdAt);
    }
    for (const [key, updatedAt, blockedUntil] of [
      ["idle", now - 2 * DAY, null],
      ["idle-but-still-blocking", now - 2 * DAY, now + 60_000],
      ["recent", now - 60_000, null],
    ] as const) {
      await t.sql(
        "insert into rate_limits (key, window_start, count, blocked_until, updated_at) values (?, ?, 1, ?, ?)",
        key,
        updatedAt,
        blockedUntil,
        updatedAt,
      );
    }

    expect(await runMaintenance(t.deps, now)).toEqual({ handoffs: 2, consumedStates: 2, sessions: 2, auditEvents: 1, rateLimits: 1 });
    expect(await keys("sso_handoffs", "code_hash")).toEqual(["live"]);
    expect(await keys("sso_consumed_states", "state_hash")).toEqual(["live"]);
    expect(await keys("sessions", "id")).toEqual(["live"]);
    expect(await keys("audit_events", "type")).toEqual(["signin.success"]);
    expect(await keys("rate_limits", "key")).toEqual(["idle-but-still-blocking", "recent"]);
  });

  it("runs on a timer, so an idle server (no sign-ins at all) sweeps what expired too", async () => {
    t = await createTestApp();
    await signUpWorkspace(t, "ann@acme.com");
    const [user] = await t.sql<{ id: string }>("select id from users");
    await t.sql(
      "insert into sso_handoffs (code_hash, binder_hash, user_id, expires_at) values ('old', 'b', ?, ?)",
      user?.id ?? "",
      Date.now() - 1,
    );
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    const maintenance = startMaintenance(t.deps);
    try {
      expect(await keys("sso_handoffs", "code_hash")).toEqual(["old"]);
      await vi.advanceTimersByTimeAsync(MAINTENANCE_INTERVAL_MS);
      await expect.poll(() => keys("sso_handoffs", "code_hash")).toEqual([]);
    } finally {
      maintenance.stop();
    }
  });
});
