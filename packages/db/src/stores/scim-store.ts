import { randomUUID } from "node:crypto";
import { USER_COLUMNS, type User, userOf } from "../rows.ts";
import { all, type Executor, get, lock, run, type Script, UniqueViolationError } from "../sql/script.ts";
import { findTenantUser, insertUser, NEVER_SIGNED_IN } from "./accounts-store.ts";
import { insertAuditEvent } from "./audit-store.ts";
import { isVerifiedElsewhere } from "./domains-store.ts";
import { revokeSessionsOfUser } from "./sessions-store.ts";

export interface ScimTokenView {
  createdAt: number;
  lastUsedAt: number | null;
}

/** What SCIM may set on a user: everything else (role, password, sessions) stays JAMS IMES's own. */
export interface ScimUserFields {
  email: string;
  emailNormalized: string;
  name: string;
  givenName: string | null;
  familyName: string | null;
  externalId: string | null;
  scimUserName: string;
  scimUserNameKey: string;
  isActive: boolean;
}

/** A conjunction of exact matches, from a SCIM filter (RFC 7644 §3.4.2.2); every field optional. */
export interface ScimUserQuery {
  id?: string;
  externalId?: string;
  /** ASCII-lower-cased userName: matches the provisioned userName, or the email of a user SCIM has not touched yet. */
  userNameKey?: string;
  emailNormalized?: string;
}

export type ScimProblem = "not_found" | "uniqueness";

export interface ScimStore {
  findToken(tenantId: string): Promise<ScimTokenView | undefined>;
  /** Replaces the tenant's token (the old one stops working at once), audited. */
  rotateToken(tenantId: string, tokenHash: string, actorUserId: string, now: number): Promise<void>;
  /** False when there was none. */
  revokeToken(tenantId: string, actorUserId: string, now: number): Promise<boolean>;
  /** The tenant a bearer token belongs to; records its use (at most once a minute). */
  authenticate(tokenHash: string, now: number): Promise<string | undefined>;
  /** A page of the tenant's users matching the query, in a stable order (creation, then id), and how many match in all. */
  listUsers(tenantId: string, query: ScimUserQuery, page: { offset: number; limit: number }): Promise<{ total: number; users: User[] }>;
  /** A user of the tenant SCIM can see (not deleted over SCIM). */
  findUser(tenantId: string, userId: string): Promise<User | undefined>;
  /**
   * Provisions a user: links the tenant's own user with that email (an invitee, or someone who
   * signed up) instead of duplicating them, revives one deleted over SCIM, or creates one. The
   * address must not belong to another tenant, nor be on a domain another tenant verified. Audited with the actor "SCIM".
   */
  createUser(tenantId: string, fields: ScimUserFields, now: number): Promise<{ user: User; isLinked: boolean } | { problem: "uniqueness" }>;
  /** Sets the user's SCIM fields; deactivation ends their sessions at once. Audited. */
  updateUser(tenantId: string, userId: string, fields: ScimUserFields, now: number): Promise<{ user: User } | { problem: ScimProblem }>;
  /** Deactivates the user, ends their sessions and hides them from SCIM (GET answers 404). Audited. */
  deleteUser(tenantId: string, userId: string, now: number): Promise<boolean>;
}

const SCIM = { actorLabel: "SCIM" } as const;
const TOKEN_USE_RECORDING_MS = 60_000;

function* findVisibleUser(tenantId: string, userId: string): Script<User | undefined> {
  const row = yield* get<User>(
    `select ${USER_COLUMNS} from users u where u.id = ? and u.tenant_id = ? and u.scim_deleted_at is null`,
    userId,
    tenantId,
  );
  return row ? userOf(row) : undefined;
}

function queryConditions(query: ScimUserQuery): { where: string; params: string[] } {
  const conditions: string[] = [];
  const params: string[] = [];
  if (query.id !== undefined) {
    conditions.push("u.id = ?");
    params.push(query.id);
  }
  if (query.externalId !== undefined) {
    conditions.push("u.external_id = ?");
    params.push(query.externalId);
  }
  if (query.userNameKey !== undefined) {
    conditions.push("(u.scim_user_name_key = ? or (u.scim_user_name_key is null and u.email_normalized = ?))");
    params.push(query.userNameKey, query.userNameKey);
  }
  if (query.emailNormalized !== undefined) {
    conditions.push("u.email_normalized = ?");
    params.push(query.emailNormalized);
  }
  return { where: conditions.map((condition) => ` and ${condition}`).join(""), params };
}

/** The row update every SCIM write makes; the status follows `active` (a never-seen user provisioned active may sign in). */
function* writeFields(user: User, fields: ScimUserFields, now: number): Script<User> {
  const status: User["status"] = fields.isActive ? "active" : "disabled";
  yield* run(
    `update users set email = ?, email_normalized = ?, name = ?, given_name = ?, family_name = ?, external_id = ?, scim_user_name = ?,
            scim_user_name_key = ?, status = ?, is_scim_managed = ?, scim_deleted_at = null,
            email_claimed_at = coalesce(email_claimed_at, ?), updated_at = ?
      where id = ?`,
    fields.email,
    fields.emailNormalized,
    fields.name,
    fields.givenName,
    fields.familyName,
    fields.externalId,
    fields.scimUserName,
    fields.scimUserNameKey,
    status,
    true,
    now,
    now,
    user.id,
  );
  if (status === "disabled" && user.status !== "disabled") yield* revokeSessionsOfUser(user.id, now);
  const { isActive: _isActive, ...stored } = fields;
  return {
    ...user,
    ...stored,
    status,
    isScimManaged: true,
    scimDeletedAt: null,
    emailClaimedAt: user.emailClaimedAt ?? now,
    updatedAt: now,
  };
}

/** What a SCIM write did, for the audit trail: deactivated, reactivated, or which fields changed. */
function* auditChange(before: User | undefined, after: User, now: number): Script<void> {
  const base = { tenantId: after.tenantId, ...SCIM, email: after.email };
  if (!before) return yield* insertAuditEvent({ ...base, type: "scim.user.created" }, now);
  if (before.status !== "disabled" && after.status === "disabled")
    return yield* insertAuditEvent({ ...base, type: "scim.user.deactivated" }, now);
  if (before.status === "disabled" && after.status !== "disabled")
    return yield* insertAuditEvent({ ...base, type: "scim.user.reactivated" }, now);
  const fields = ["email", "name", "givenName", "familyName", "externalId", "scimUserName"] as const;
  const changedFields = fields.filter((field) => before[field] !== after[field]);
  const isLinked = !before.isScimManaged || before.scimDeletedAt !== null;
  if (isLinked) return yield* insertAuditEvent({ ...base, type: "scim.user.linked", details: { changedFields } }, now);
  if (changedFields.length > 0) yield* insertAuditEvent({ ...base, type: "scim.user.updated", details: { changedFields } }, now);
}

export function scimStore(db: Executor): ScimStore {
  const uniquenessAware = async <T>(work: Promise<T>): Promise<T | { problem: "uniqueness" }> => {
    try {
      return await work;
    } catch (error) {
      if (error instanceof UniqueViolationError) return { problem: "uniqueness" };
      throw error;
    }
  };

  return {
    findToken: (tenantId) =>
      db.run(
        get<ScimTokenView>(`select created_at as "createdAt", last_used_at as "lastUsedAt" from scim_tokens where tenant_id = ?`, tenantId),
      ),

    rotateToken: (tenantId, tokenHash, actorUserId, now) =>
      db.transaction(function* () {
        const replaced = yield* run("delete from scim_tokens where tenant_id = ?", tenantId);
        yield* run(
          "insert into scim_tokens (tenant_id, token_hash, created_by, created_at) values (?, ?, ?, ?)",
          tenantId,
          tokenHash,
          actorUserId,
          now,
        );
        yield* insertAuditEvent({ type: "scim.token.created", tenantId, actorUserId, details: { replacedPrevious: replaced > 0 } }, now);
      }),

    revokeToken: (tenantId, actorUserId, now) =>
      db.transaction(function* () {
        const revoked = yield* run("delete from scim_tokens where tenant_id = ?", tenantId);
        if (revoked > 0) yield* insertAuditEvent({ type: "scim.token.revoked", tenantId, actorUserId }, now);
        return revoked > 0;
      }),

    authenticate: (tokenHash, now) =>
      db.run(
        (function* () {
          const token = yield* get<{ tenantId: string; lastUsedAt: number | null }>(
            `select tenant_id as "tenantId", last_used_at as "lastUsedAt" from scim_tokens where token_hash = ?`,
            tokenHash,
          );
          if (!token) return undefined;
          if (token.lastUsedAt === null || now - token.lastUsedAt >= TOKEN_USE_RECORDING_MS) {
            yield* run("update scim_tokens set last_used_at = ? where token_hash = ?", now, tokenHash);
          }
          return token.tenantId;
        })(),
      ),

    listUsers: (tenantId, query, page) =>
      db.run(
        (function* () {
          const { where, params } = queryConditions(query);
          const visible = "from users u where u.tenant_id = ? and u.scim_deleted_at is null";
          const counted = yield* get<{ total: number }>(`select count(*) as total ${visible}${where}`, tenantId, ...params);
          const rows =
            page.limit === 0
              ? []
              : yield* all<User>(
                  `select ${USER_COLUMNS} ${visible}${where} order by u.created_at, u.id limit ? offset ?`,
                  tenantId,
                  ...params,
                  page.limit,
                  page.offset,
                );
          return { total: Number(counted?.total ?? 0), users: rows.map(userOf) };
        })(),
      ),

    findUser: (tenantId, userId) => db.run(findVisibleUser(tenantId, userId)),

    createUser: (tenantId, fields, now) =>
      uniquenessAware(
        db.transaction(function* () {
          yield* lock("tenants", tenantId);
          if (yield* isVerifiedElsewhere(tenantId, fields.emailNormalized)) return { problem: "uniqueness" as const };
          const existing = yield* findTenantUser(tenantId, fields.email);
          if (existing?.isScimManaged && existing.scimDeletedAt === null) return { problem: "uniqueness" as const };
          if (existing) {
            const user = yield* writeFields(existing, fields, now);
            yield* auditChange(existing, user, now);
            return { user, isLinked: true };
          }
          const { isActive, ...stored } = fields;
          const user: User = {
            ...NEVER_SIGNED_IN,
            ...stored,
            id: randomUUID(),
            tenantId,
            role: "member",
            status: isActive ? "active" : "disabled",
            passwordHash: null,
            emailClaimedAt: now,
            isScimManaged: true,
            createdAt: now,
            updatedAt: now,
          };
          yield* insertUser(user);
          yield* auditChange(undefined, user, now);
          return { user, isLinked: false };
        }),
      ),

    updateUser: (tenantId, userId, fields, now) =>
      uniquenessAware(
        db.transaction(function* () {
          yield* lock("users", userId);
          const before = yield* findVisibleUser(tenantId, userId);
          if (!before) return { problem: "not_found" as const };
          if (yield* isVerifiedElsewhere(tenantId, fields.emailNormalized)) return { problem: "uniqueness" as const };
          const user = yield* writeFields(before, fields, now);
          yield* auditChange(before, user, now);
          return { user };
        }),
      ),

    deleteUser: (tenantId, userId, now) =>
      db.transaction(function* () {
        const user = yield* findVisibleUser(tenantId, userId);
        if (!user) return false;
        yield* run("update users set status = 'disabled', scim_deleted_at = ?, updated_at = ? where id = ?", now, now, userId);
        yield* revokeSessionsOfUser(userId, now);
        yield* insertAuditEvent({ type: "scim.user.deleted", tenantId, ...SCIM, email: user.email }, now);
        return true;
      }),
  };
}
