import type { SignInMethod } from "@jams/contracts";
import { type Session, type Tenant, USER_COLUMNS, type User, userOf } from "../rows.ts";
import { all, type Executor, get, run, type Script } from "../sql/script.ts";
import { type AuditEventInput, insertAuditEvent } from "./audit-store.ts";

/** What a sign-in knows of the session it opens; the operation that opens it adds the user, tenant and IdP identity. */
export interface SessionStart {
  /** Random, unguessable: the session JWT names it. */
  id: string;
  userAgent: string;
  createdAt: number;
  expiresAt: number;
}

/** The IdP session an SSO sign-in came from (OpenID Connect Back-Channel Logout finds sessions by it). */
export interface IdpSession {
  issuer: string;
  subject: string;
  sessionId: string | null;
}

export interface LiveSession {
  session: Pick<Session, "id" | "method" | "createdAt" | "lastSeenAt" | "expiresAt">;
  user: User;
  tenant: Tenant;
}

export interface SessionView {
  id: string;
  method: SignInMethod;
  userAgent: string;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
}

/** Who ended sessions, for the audit trail: a signed-in user, or the IdP / SCIM / an operator. */
export type Revoker = Pick<AuditEventInput, "actorUserId" | "actorLabel">;

export interface SessionsStore {
  /** The session, if it is neither revoked nor expired, with its user and tenant: one indexed read per authenticated request. */
  findLive(sessionId: string, now: number): Promise<LiveSession | undefined>;
  /** Records activity (callers do it at most every few minutes, not on every request). */
  touch(sessionId: string, now: number): Promise<void>;
  /** A user's live sessions, most recent first. */
  listLive(userId: string, now: number): Promise<SessionView[]>;
  /** Ends one of the user's own sessions; false when it is not theirs or already over. */
  revokeOwn(userId: string, sessionId: string, now: number): Promise<boolean>;
  /** Ends every live session of a member of the tenant, audited; returns how many. */
  revokeAllOfUser(tenantId: string, userId: string, revoker: Revoker, now: number): Promise<number>;
  /**
   * Ends the sessions an IdP session opened (OpenID Connect Back-Channel Logout 1.0 §2.7): by `sid`
   * when given, else every session of `sub` from that issuer, in the given tenants only. Pending
   * handoffs of the same IdP session die too. Audited per tenant; returns how many sessions ended.
   */
  revokeIdpSessions(tenantIds: string[], logout: { issuer: string; subject?: string; sessionId?: string }, now: number): Promise<number>;
}

/** Opens a session; part of the sign-in's transaction. */
export function* insertSession(start: SessionStart, user: User, method: SignInMethod, idp: IdpSession | null = null): Script<void> {
  yield* run(
    `insert into sessions (id, user_id, tenant_id, method, user_agent, idp_issuer, idp_subject, idp_session_id, created_at, last_seen_at, expires_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    start.id,
    user.id,
    user.tenantId,
    method,
    start.userAgent,
    idp?.issuer ?? null,
    idp?.subject ?? null,
    idp?.sessionId ?? null,
    start.createdAt,
    start.createdAt,
    start.expiresAt,
  );
}

/** Ends every live session of a user (deactivation, SCIM, sign out everywhere); part of the caller's transaction. */
export function* revokeSessionsOfUser(userId: string, now: number): Script<number> {
  return yield* run("update sessions set revoked_at = ? where user_id = ? and revoked_at is null and expires_at > ?", now, userId, now);
}

type LiveRow = User & {
  sessionMethod: SignInMethod;
  sessionCreatedAt: number;
  sessionLastSeenAt: number;
  sessionExpiresAt: number;
  tenantName: string;
  tenantCreatedAt: number;
};

export function sessionsStore(db: Executor): SessionsStore {
  return {
    findLive: (sessionId, now) =>
      db.run(
        (function* () {
          const row = yield* get<LiveRow>(
            `select ${USER_COLUMNS}, s.method as "sessionMethod", s.created_at as "sessionCreatedAt", s.last_seen_at as "sessionLastSeenAt",
                    s.expires_at as "sessionExpiresAt", t.name as "tenantName", t.created_at as "tenantCreatedAt"
               from sessions s join users u on u.id = s.user_id join tenants t on t.id = s.tenant_id
              where s.id = ? and s.revoked_at is null and s.expires_at > ?`,
            sessionId,
            now,
          );
          if (!row) return undefined;
          return {
            session: {
              id: sessionId,
              method: row.sessionMethod,
              createdAt: row.sessionCreatedAt,
              lastSeenAt: row.sessionLastSeenAt,
              expiresAt: row.sessionExpiresAt,
            },
            user: userOf(row),
            tenant: { id: row.tenantId, name: row.tenantName, createdAt: row.tenantCreatedAt },
          };
        })(),
      ),

    touch: async (sessionId, now) => {
      await db.run(run("update sessions set last_seen_at = ? where id = ?", now, sessionId));
    },

    listLive: (userId, now) =>
      db.run(
        all<SessionView>(
          `select id, method, user_agent as "userAgent", created_at as "createdAt", last_seen_at as "lastSeenAt", expires_at as "expiresAt"
             from sessions where user_id = ? and revoked_at is null and expires_at > ?
            order by last_seen_at desc, id`,
          userId,
          now,
        ),
      ),

    revokeOwn: async (userId, sessionId, now) =>
      (await db.run(
        run(
          "update sessions set revoked_at = ? where id = ? and user_id = ? and revoked_at is null and expires_at > ?",
          now,
          sessionId,
          userId,
          now,
        ),
      )) === 1,

    revokeAllOfUser: (tenantId, userId, revoker, now) =>
      db.transaction(function* () {
        const member = yield* get<{ email: string }>("select email from users where id = ? and tenant_id = ?", userId, tenantId);
        if (!member) return 0;
        const ended = yield* revokeSessionsOfUser(userId, now);
        yield* insertAuditEvent(
          { type: "session.revoked_all", tenantId, ...revoker, email: member.email, details: { sessions: ended } },
          now,
        );
        return ended;
      }),

    revokeIdpSessions: (tenantIds, logout, now) =>
      db.transaction(function* () {
        const bySession = logout.sessionId !== undefined;
        const match = bySession ? "idp_session_id = ?" : "idp_subject = ?";
        const value = (bySession ? logout.sessionId : logout.subject) ?? "";
        let total = 0;
        for (const tenantId of tenantIds) {
          const ended = yield* run(
            `update sessions set revoked_at = ? where tenant_id = ? and idp_issuer = ? and ${match} and revoked_at is null and expires_at > ?`,
            now,
            tenantId,
            logout.issuer,
            value,
            now,
          );
          yield* run(
            `delete from sso_handoffs where idp_issuer = ? and ${match} and user_id in (select id from users where tenant_id = ?)`,
            logout.issuer,
            value,
            tenantId,
          );
          yield* insertAuditEvent(
            {
              type: "session.backchannel_logout",
              tenantId,
              actorLabel: "IdP",
              ...(logout.subject ? { idpSubject: logout.subject } : {}),
              details: { sessions: ended, bySessionId: bySession },
            },
            now,
          );
          total += ended;
        }
        return total;
      }),
  };
}
