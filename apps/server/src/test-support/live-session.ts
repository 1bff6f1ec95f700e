import type { TestApp } from "./test-app.ts";

/**
 * Writes a live SSO session row for a user, as a sign-in through an IdP leaves it, for tests that
 * need one without running the flow. It lasts an hour.
 */
export async function insertLiveSession(
  t: TestApp,
  session: { id: string; userId: string; idp?: { issuer: string; subject: string; sessionId: string } },
) {
  const [user] = await t.sql<{ tenant_id: string }>("select tenant_id from users where id = ?", session.userId);
  if (!user) throw new Error(`no user ${session.userId}`);
  const now = Date.now();
  await t.sql(
    `insert into sessions (id, user_id, tenant_id, method, idp_issuer, idp_subject, idp_session_id, created_at, last_seen_at, expires_at)
     values (?, ?, ?, 'sso', ?, ?, ?, ?, ?, ?)`,
    session.id,
    session.userId,
    user.tenant_id,
    session.idp?.issuer ?? null,
    session.idp?.subject ?? null,
    session.idp?.sessionId ?? null,
    now,
    now,
    now + 3_600_000,
  );
}
