import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createTestApp, DEFAULT_PASSWORD, inviteAndAccept, signUpWorkspace, type TestApp } from "../test-support/test-app.ts";
import { TOUCH_INTERVAL_MS } from "./sessions.ts";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  vi.useRealTimers();
  await t.close();
});

interface SessionList {
  sessions: Array<{ id: string; method: string; userAgent: string; isCurrent: boolean }>;
}

const signIn = async (email: string, userAgent: string) => {
  const response = await t.app.request("/trpc/auth.passwordLogin", {
    method: "POST",
    headers: { "content-type": "application/json", "user-agent": userAgent },
    body: JSON.stringify({ email, password: DEFAULT_PASSWORD }),
  });
  return ((await response.json()) as { result: { data: { token: string } } }).result.data.token;
};
const meStatus = async (token: string) => (await t.query("auth.me", undefined, token)).status;
const liveSessionsOf = async (email: string) =>
  t.sql("select s.id from sessions s join users u on u.id = s.user_id where u.email = ? and s.revoked_at is null", email);

describe("server-side sessions", () => {
  it("Log out ends the session on the server: its token stops working, the user's other sessions don't", async () => {
    await signUpWorkspace(t, "ann@acme.com");
    const laptop = await signIn("ann@acme.com", "Laptop browser");
    const phone = await signIn("ann@acme.com", "Phone browser");
    expect((await t.mutate("auth.logout", undefined, laptop)).status).toBe(200);
    expect(await meStatus(laptop)).toBe(401);
    expect(await meStatus(phone)).toBe(200);
    expect((await t.mutate("auth.logout", undefined, laptop)).status).toBe(401);
  });

  it("lists the caller's own live sessions with device and method, and ends another one by id", async () => {
    await signUpWorkspace(t, "ann@acme.com");
    const laptop = await signIn("ann@acme.com", "Mozilla/5.0 (Macintosh) Firefox/140.0");
    const phone = await signIn("ann@acme.com", "Mozilla/5.0 (iPhone) Safari/604.1");
    const listed = await t.query<SessionList>("auth.sessions", undefined, laptop);
    const devices = listed.data.sessions.map((session) => [session.userAgent, session.method, session.isCurrent]);
    expect(devices).toContainEqual(["Mozilla/5.0 (Macintosh) Firefox/140.0", "pwd", true]);
    expect(devices).toContainEqual(["Mozilla/5.0 (iPhone) Safari/604.1", "pwd", false]);
    const phoneSession = listed.data.sessions.find((session) => session.userAgent.includes("iPhone"));
    expect((await t.mutate("auth.endSession", { sessionId: phoneSession?.id }, laptop)).status).toBe(200);
    expect(await meStatus(phone)).toBe(401);
    expect(await meStatus(laptop)).toBe(200);
    expect((await t.mutate("auth.endSession", { sessionId: phoneSession?.id }, laptop)).status).toBe(404);
  });

  it("never lets a user see or end another user's sessions", async () => {
    const admin = await signUpWorkspace(t, "ann@acme.com");
    const { token: member } = await inviteAndAccept(t, admin, "mo@acme.com");
    const adminSessions = await t.query<SessionList>("auth.sessions", undefined, admin);
    const memberSessions = await t.query<SessionList>("auth.sessions", undefined, member);
    expect(memberSessions.data.sessions.map((session) => session.id)).not.toContain(adminSessions.data.sessions[0]?.id);
    const ended = await t.mutate("auth.endSession", { sessionId: adminSessions.data.sessions[0]?.id }, member);
    expect(ended.status).toBe(404);
    expect(await meStatus(admin)).toBe(200);
  });

  it("Sign out everywhere ends every session of a member at their next request, audited; only admins, only their own tenant", async () => {
    const admin = await signUpWorkspace(t, "ann@acme.com");
    const { token: member } = await inviteAndAccept(t, admin, "mo@acme.com");
    const second = await signIn("mo@acme.com", "Phone browser");
    const mo = await t.user("mo@acme.com");
    expect((await t.mutate("team.signOutEverywhere", { userId: mo?.id }, member)).status).toBe(403);
    const outsider = await signUpWorkspace(t, "bob@globex.com", "Globex");
    expect((await t.mutate("team.signOutEverywhere", { userId: mo?.id }, outsider)).status).toBe(404);
    expect(await meStatus(member)).toBe(200);

    const answer = await t.mutate<{ sessionsEnded: number }>("team.signOutEverywhere", { userId: mo?.id }, admin);
    expect(answer.data.sessionsEnded).toBe(2);
    expect([await meStatus(member), await meStatus(second)]).toEqual([401, 401]);
    expect(await meStatus(admin)).toBe(200);
    const events = await t.query<{ events: Array<{ type: string; email: string; actorEmail: string }> }>("audit.list", undefined, admin);
    expect(events.data.events[0]).toMatchObject({ type: "session.revoked_all", email: "mo@acme.com", actorEmail: "ann@acme.com" });
    expect(await meStatus(await signIn("mo@acme.com", "Phone browser"))).toBe(200);
  });

  it("refuses a token whose session has expired on the server, even if the JWT still verifies", async () => {
    const token = await signUpWorkspace(t, "ann@acme.com");
    await t.sql("update sessions set expires_at = ?", Date.now() - 1);
    expect(await meStatus(token)).toBe(401);
  });

  it("ends a session at its expiry instant, to the millisecond", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const token = await signUpWorkspace(t, "ann@acme.com");
    const expiresAt = Date.now() + 60_000;
    await t.sql("update sessions set expires_at = ?", expiresAt);
    vi.setSystemTime(expiresAt - 1);
    expect(await meStatus(token)).toBe(200);
    vi.setSystemTime(expiresAt);
    expect(await meStatus(token)).toBe(401);
  });

  it("records activity at most every few minutes, so checking a session stays a read", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const token = await signUpWorkspace(t, "ann@acme.com");
    const lastSeen = async () => (await t.sql<{ last_seen_at: number }>("select last_seen_at from sessions"))[0]?.last_seen_at;
    const openedAt = await lastSeen();
    vi.setSystemTime(Date.now() + TOUCH_INTERVAL_MS - 1000);
    expect(await meStatus(token)).toBe(200);
    expect(await lastSeen()).toBe(openedAt);
    vi.setSystemTime(Date.now() + 2000);
    expect(await meStatus(token)).toBe(200);
    expect(await lastSeen()).toBe(Date.now());
  });

  it("ends a deactivated member's sessions in the database at once", async () => {
    const admin = await signUpWorkspace(t, "ann@acme.com");
    await inviteAndAccept(t, admin, "mo@acme.com");
    const mo = await t.user("mo@acme.com");
    expect(await liveSessionsOf("mo@acme.com")).toHaveLength(1);
    await t.mutate("team.deactivate", { userId: mo?.id }, admin);
    expect(await liveSessionsOf("mo@acme.com")).toHaveLength(0);
  });
});
