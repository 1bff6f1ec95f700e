import { SSO_CONFIG_COLUMNS, type SsoConfig, ssoConfigOf, USER_COLUMNS, type User, userOf } from "../rows.ts";
import { all, type Executor, get, lock, run, type Script } from "../sql/script.ts";
import { stampSignIn } from "./accounts-store.ts";
import { insertAuditEvent } from "./audit-store.ts";
import { type IdpSession, insertSession, type Revoker, type SessionStart } from "./sessions-store.ts";

export interface SealedClientSecret {
  sealed: string;
  keyId: string;
}

export interface SsoConfigChange {
  tenantId: string;
  actorUserId: string;
  displayName: string;
  issuer: string;
  clientId: string;
  /** A new secret, already sealed; absent keeps the saved one. */
  clientSecret: SealedClientSecret | undefined;
  /** Which identity provider the guided setup was for (`entra-id`, `okta`, …). */
  idpKind: string | null;
  /** When the client secret expires (epoch ms), as the admin entered it; null when not tracked. */
  clientSecretExpiresAt: number | null;
}

/** When an SSO sign-in happened (or last failed), for whom, and with which code. */
export interface SignInMoment {
  at: number;
  email: string | null;
  code: string | null;
}

/** No secret saved yet, or the issuer or client id changed and the saved secret must not follow them. */
export type SaveProblem = "secret_required" | "secret_required_for_new_idp";

/** An admin's Test sign-in as stored in `sso_configs.last_test` (JSON): what the IdP said, never tokens. */
export interface StoredSsoTest {
  at: number;
  byUserId: string;
  byEmail: string;
  outcome: string;
  claims: { email: string | null; emailVerified: boolean | null; sub: string | null; name: string | null } | null;
}

/** A handoff of a finished SSO sign-in, as stored: hashes only. */
export interface HandoffRecord {
  codeHash: string;
  binderHash: string;
  expiresAt: number;
}

export interface SsoStore {
  findConfig(tenantId: string): Promise<SsoConfig | undefined>;
  /** Every tenant's config that trusts this issuer (a logout token names the issuer, not the tenant). */
  findConfigsByIssuer(issuer: string): Promise<SsoConfig[]>;
  /**
   * Saves a tenant's one SSO config and audits it. A new config, or one pointed at another issuer or
   * client id, needs a new secret: the saved one was given for the old IdP and must never reach
   * another. Pointing the config at another IdP or client, or changing the secret, turns
   * enforcement off and forgets the last test sign-in: nobody has proven the new settings work yet,
   * and an enforced tenant with a broken IdP would be locked out. Another issuer or client id also
   * resets the users' pinned IdP identities (a `sub` is only meaningful for the issuer and, at Entra
   * ID, the app that issued it).
   */
  saveConfig(change: SsoConfigChange): Promise<{ problem: SaveProblem } | { isEnforcementReset: boolean }>;
  /**
   * False when the tenant has no SSO config. Turning enforcement on ends the tenant's password
   * sessions at once. The actor is an admin, or `Operator` for the recovery command.
   */
  setEnforced(tenantId: string, actor: Revoker, enforce: boolean): Promise<boolean>;
  removeConfig(tenantId: string, actorUserId: string): Promise<void>;
  /**
   * Records an admin's Test sign-in on the config it tested (still pointed at `issuer`), audited;
   * false when the config changed meanwhile and the outcome says nothing about it any more.
   */
  recordTest(tenantId: string, issuer: string, test: StoredSsoTest): Promise<boolean>;
  /** The tenant's last SSO sign-in and last SSO failure, from the audit trail. */
  signInHealth(tenantId: string): Promise<{ lastSuccess: SignInMoment | null; lastFailure: SignInMoment | null }>;
  /** Marks a login transaction used; false when it already was (a replay). */
  consumeState(stateHash: string, expiresAt: number): Promise<boolean>;
  /**
   * Stamps the sign-in, audits it and stores the handoff (with the IdP session it came from),
   * together. The user's first SSO sign-in pins the IdP identity (issuer, `sub`); later ones must
   * present the same, and another `sub` — or one already pinned to another user of the tenant —
   * is refused as `subject_mismatch` with nothing written.
   */
  completeSignIn(user: User, idp: IdpSession, handoff: HandoffRecord): Promise<User | { problem: "subject_mismatch" }>;
  /**
   * Consumes a live handoff whose code and binder both match and, if its user is still active,
   * opens their session: the end of an SSO sign-in. Undefined when there is nothing to redeem.
   */
  redeemHandoff(codeHash: string, binderHash: string, session: SessionStart): Promise<User | undefined>;
}

const findConfig = (tenantId: string) => get<SsoConfig>(`select ${SSO_CONFIG_COLUMNS} from sso_configs s where s.tenant_id = ?`, tenantId);

/**
 * Records the user's IdP identity at their first SSO sign-in, or checks it at the next ones; false
 * when the IdP names someone else (another `sub`, or a `sub` pinned to another user of the tenant).
 */
function* pinIdentity(user: User, idp: IdpSession): Script<boolean> {
  const pinned = yield* get<{ issuer: string | null; subject: string | null }>(
    `select idp_issuer as "issuer", idp_subject as "subject" from users where id = ?`,
    user.id,
  );
  if (pinned?.subject) return pinned.issuer === idp.issuer && pinned.subject === idp.subject;
  const holder = yield* get<{ id: string }>(
    "select id from users where tenant_id = ? and idp_issuer = ? and idp_subject = ?",
    user.tenantId,
    idp.issuer,
    idp.subject,
  );
  if (holder) return false;
  yield* run("update users set idp_issuer = ?, idp_subject = ? where id = ?", idp.issuer, idp.subject, user.id);
  return true;
}

export function ssoStore(db: Executor): SsoStore {
  return {
    findConfig: async (tenantId) => {
      const row = await db.run(findConfig(tenantId));
      return row ? ssoConfigOf(row) : undefined;
    },

    findConfigsByIssuer: async (issuer) =>
      (await db.run(all<SsoConfig>(`select ${SSO_CONFIG_COLUMNS} from sso_configs s where s.issuer = ?`, issuer))).map(ssoConfigOf),

    saveConfig: (change) =>
      db.transaction(function* () {
        const found = yield* findConfig(change.tenantId);
        const existing = found ? ssoConfigOf(found) : undefined;
        const isOtherIdp = existing !== undefined && (existing.issuer !== change.issuer || existing.clientId !== change.clientId);
        if ((existing === undefined || isOtherIdp) && change.clientSecret === undefined) {
          return { problem: existing ? ("secret_required_for_new_idp" as const) : ("secret_required" as const) };
        }
        // Another IdP, or the same one with a new secret: its enforcement and test no longer hold.
        const isNewIdp = existing !== undefined && (isOtherIdp || change.clientSecret !== undefined);
        const enforce = existing?.enforce === true && !isNewIdp;
        const now = Date.now();
        yield* run(
          `insert into sso_configs (tenant_id, display_name, issuer, client_id, client_secret_sealed, client_secret_key_id, enforce,
                                    idp_kind, client_secret_expires_at, last_test, updated_at, updated_by)
           values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           on conflict (tenant_id) do update set display_name = excluded.display_name, issuer = excluded.issuer,
             client_id = excluded.client_id, enforce = excluded.enforce, idp_kind = excluded.idp_kind,
             client_secret_expires_at = excluded.client_secret_expires_at, updated_at = excluded.updated_at, updated_by = excluded.updated_by,
             client_secret_sealed = coalesce(excluded.client_secret_sealed, sso_configs.client_secret_sealed),
             client_secret_key_id = coalesce(excluded.client_secret_key_id, sso_configs.client_secret_key_id),
             last_test = case when ? then null else sso_configs.last_test end`,
          change.tenantId,
          change.displayName,
          change.issuer,
          change.clientId,
          change.clientSecret?.sealed ?? null,
          change.clientSecret?.keyId ?? null,
          enforce,
          change.idpKind,
          change.clientSecretExpiresAt,
          null,
          now,
          change.actorUserId,
          isNewIdp,
        );
        const linksReset = isOtherIdp
          ? yield* run(
              "update users set idp_issuer = null, idp_subject = null where tenant_id = ? and idp_subject is not null",
              change.tenantId,
            )
          : 0;
        const changedFields = (["displayName", "issuer", "clientId"] as const).filter((field) => existing?.[field] !== change[field]);
        const isEnforcementReset = existing?.enforce === true && !enforce;
        yield* insertAuditEvent(
          {
            type: "sso.config.saved",
            tenantId: change.tenantId,
            actorUserId: change.actorUserId,
            details: {
              changedFields: change.clientSecret ? [...changedFields, "clientSecret"] : changedFields,
              displayName: change.displayName,
              issuer: change.issuer,
              clientId: change.clientId,
              enforcementReset: isEnforcementReset,
              linksReset,
            },
          },
          now,
        );
        return { isEnforcementReset };
      }),

    setEnforced: (tenantId, actor, enforce) =>
      db.transaction(function* () {
        const now = Date.now();
        const updated = yield* run(
          "update sso_configs set enforce = ?, updated_at = ?, updated_by = coalesce(?, updated_by) where tenant_id = ?",
          enforce,
          now,
          actor.actorUserId ?? null,
          tenantId,
        );
        if (updated === 0) return false;
        const passwordSessionsEnded = enforce
          ? yield* run(
              "update sessions set revoked_at = ? where tenant_id = ? and method = 'pwd' and revoked_at is null and expires_at > ?",
              now,
              tenantId,
              now,
            )
          : 0;
        yield* insertAuditEvent({ type: "sso.enforce.changed", tenantId, ...actor, details: { enforce, passwordSessionsEnded } }, now);
        return true;
      }),

    removeConfig: (tenantId, actorUserId) =>
      db.transaction(function* () {
        const removed = yield* get<{ issuer: string }>("delete from sso_configs where tenant_id = ? returning issuer", tenantId);
        if (removed) yield* insertAuditEvent({ type: "sso.config.removed", tenantId, actorUserId, details: { issuer: removed.issuer } });
      }),

    recordTest: (tenantId, issuer, test) =>
      db.transaction(function* () {
        const recorded = yield* run(
          "update sso_configs set last_test = ? where tenant_id = ? and issuer = ?",
          JSON.stringify(test),
          tenantId,
          issuer,
        );
        if (recorded === 0) return false;
        yield* insertAuditEvent(
          {
            type: "sso.test",
            tenantId,
            actorUserId: test.byUserId,
            method: "sso",
            ...(test.outcome === "success" || test.outcome === "other_user" ? {} : { code: test.outcome }),
            ...(test.claims?.email ? { email: test.claims.email } : {}),
            ...(test.claims?.sub ? { idpSubject: test.claims.sub } : {}),
            details: { outcome: test.outcome },
          },
          test.at,
        );
        return true;
      }),

    signInHealth: (tenantId) =>
      db.run(
        (function* () {
          const latest = (type: string) =>
            get<SignInMoment>(
              `select coalesce(last_seen_at, created_at) as "at", email, code from audit_events
                where tenant_id = ? and type = ? and method = 'sso' order by created_at desc, id desc limit 1`,
              tenantId,
              type,
            );
          return { lastSuccess: (yield* latest("signin.success")) ?? null, lastFailure: (yield* latest("signin.failure")) ?? null };
        })(),
      ),

    consumeState: async (stateHash, expiresAt) =>
      (await db.run(
        run("insert into sso_consumed_states (state_hash, expires_at) values (?, ?) on conflict do nothing", stateHash, expiresAt),
      )) === 1,

    completeSignIn: (user, idp, handoff) =>
      db.transaction(function* () {
        yield* lock("users", user.id);
        if (!(yield* pinIdentity(user, idp))) return { problem: "subject_mismatch" as const };
        const now = Date.now();
        const signedIn = yield* stampSignIn(user, "sso", now);
        yield* insertAuditEvent(
          {
            type: "signin.success",
            tenantId: signedIn.tenantId,
            actorUserId: signedIn.id,
            method: "sso",
            email: signedIn.email,
            idpSubject: idp.subject,
          },
          now,
        );
        yield* run(
          `insert into sso_handoffs (code_hash, binder_hash, user_id, idp_issuer, idp_subject, idp_session_id, expires_at)
           values (?, ?, ?, ?, ?, ?, ?)`,
          handoff.codeHash,
          handoff.binderHash,
          signedIn.id,
          idp.issuer,
          idp.subject,
          idp.sessionId,
          handoff.expiresAt,
        );
        return signedIn;
      }),

    redeemHandoff: (codeHash, binderHash, session) =>
      db.transaction(function* () {
        const taken = yield* get<{ userId: string; issuer: string | null; subject: string | null; sessionId: string | null }>(
          `delete from sso_handoffs where code_hash = ? and binder_hash = ? and expires_at > ?
           returning user_id as "userId", idp_issuer as "issuer", idp_subject as "subject", idp_session_id as "sessionId"`,
          codeHash,
          binderHash,
          session.createdAt,
        );
        if (!taken) return undefined;
        const found = yield* get<User>(`select ${USER_COLUMNS} from users u where u.id = ?`, taken.userId);
        const user = found ? userOf(found) : undefined;
        if (user?.status !== "active") return undefined;
        const idp = taken.issuer && taken.subject ? { issuer: taken.issuer, subject: taken.subject, sessionId: taken.sessionId } : null;
        yield* insertSession(session, user, "sso", idp);
        return user;
      }),
  };
}
