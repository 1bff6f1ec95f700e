import { randomUUID } from "node:crypto";
import { normalizeEmail, type Role } from "@jams/contracts";
import { type Invitation, type Tenant, USER_COLUMNS, type User, userOf } from "../rows.ts";
import { all, type Executor, get, lock, run, type Script, UniqueViolationError } from "../sql/script.ts";
import { findTenantUser, insertUser, NEVER_SIGNED_IN } from "./accounts-store.ts";
import { insertAuditEvent } from "./audit-store.ts";
import { isVerifiedElsewhere } from "./domains-store.ts";
import { insertSession, revokeSessionsOfUser, type SessionStart } from "./sessions-store.ts";

export interface PendingInvitation {
  id: string;
  userId: string;
  email: string;
  role: Role;
  expiresAt: number;
}

export type StatusChangeProblem = "not_found" | "self" | "last_admin";
export type RoleChangeProblem = "not_found" | "last_admin";

/** A pending invitation as Copy link and Resend need it. */
export interface PendingInvitationRecord {
  id: string;
  userId: string;
  email: string;
  tokenHash: string;
  expiresAt: number;
}
/**
 * The address is already a member of this workspace, or its domain is verified by another workspace
 * (other workspaces' accounts are never mentioned: invites reveal nothing of them).
 */
export type InviteProblem = "already_member" | "domain_verified_elsewhere";
export type InvitationProblem = "not_found" | "expired" | "used";
/** Why an acceptance wrote nothing: the link, enforcement changing meanwhile, or the address now being another workspace's account. */
export type AcceptanceProblem = InvitationProblem | "enforcement_changed" | "claimed_elsewhere";

export interface OpenInvitation {
  invitation: Invitation;
  user: User;
  tenant: Tenant;
}

export interface NewInvitation {
  /** Chosen by the caller: the link's token is derived from it, so the link can be shown again. */
  id: string;
  tenantId: string;
  invitedBy: string;
  email: string;
  role: Role;
  /** SHA-256 of the link's token; the token itself is never stored. */
  tokenHash: string;
  expiresAt: number;
}

export interface Acceptance {
  name: string;
  /** Stored only when the tenant allows passwords. */
  passwordHash: string | null;
  /** What the caller saw before hashing the password: if enforcement changed meanwhile, nothing is written. */
  wasSsoEnforced: boolean;
}

export interface TeamStore {
  /** A tenant's users in signup order, and its pending invitations, newest first. */
  list(tenantId: string): Promise<{ members: User[]; invitations: PendingInvitation[] }>;
  /**
   * Deactivates or reactivates a member of the acting admin's tenant, and audits it. Deactivation
   * ends the member's sessions at once; reactivation brings none back. An admin cannot deactivate
   * themself nor the last active admin, so a tenant always keeps one, also when two admins
   * deactivate each other at the same moment (the tenant row is locked).
   */
  setMemberDisabled(input: {
    tenantId: string;
    actorId: string;
    userId: string;
    isDisabled: boolean;
  }): Promise<{ user: User } | { problem: StatusChangeProblem }>;
  /**
   * Invites an email: an `invited` user plus a single-use token, audited. A pending invitation
   * claims nothing (the address becomes an account's on acceptance or first sign-in), so another
   * workspace's invitee, or an address with an account elsewhere, does not stop it; only another
   * workspace's verified domain does. Re-inviting
   * someone still pending in the same tenant replaces their earlier link.
   */
  createInvitation(input: NewInvitation): Promise<{ userId: string } | { problem: InviteProblem }>;
  /** The invitation behind a link, or why it can no longer be used. */
  findOpenInvitation(tokenHash: string, now: number): Promise<OpenInvitation | { problem: InvitationProblem }>;
  /**
   * Accepts an invitation: the name (and password hash), the token consumed, audited. With a
   * password the user becomes active and signed in (`session`, if given); in an SSO-enforced tenant they stay
   * `invited` until their first SSO sign-in.
   */
  acceptInvitation(
    tokenHash: string,
    acceptance: Acceptance,
    now: number,
    session: SessionStart | null,
  ): Promise<{ user: User } | { problem: AcceptanceProblem }>;
  /**
   * Revokes a pending invitation, so its link is dead; an invitee who never joined (no claim, no
   * sign-in, not provisioned) is removed with it. Audited. False when there was no such pending invitation.
   */
  revokeInvitation(tenantId: string, invitationId: string, actorUserId: string, now: number): Promise<boolean>;
  /** A pending invitation of the tenant (accepted or unknown ones are not). */
  findPendingInvitation(tenantId: string, invitationId: string): Promise<PendingInvitationRecord | undefined>;
  /**
   * Resend: the pending invitation is replaced by a new one (new id, token and expiry) for the
   * same invitee, so the old link dies. Audited. Undefined when there was no such pending invitation.
   */
  reissueInvitation(
    tenantId: string,
    invitationId: string,
    next: { id: string; tokenHash: string; expiresAt: number },
    actorUserId: string,
  ): Promise<PendingInvitationRecord | undefined>;
  /** Changes a member's role, audited; the tenant always keeps an active admin (the tenant row is locked). */
  setRole(input: {
    tenantId: string;
    actorId: string;
    userId: string;
    role: Role;
  }): Promise<{ user: User } | { problem: RoleChangeProblem }>;
  /**
   * Forgets the IdP identity pinned to a member at their first SSO sign-in, audited: their next SSO
   * sign-in pins whatever the IdP then says (a mailbox recreated at the IdP).
   */
  resetIdpLink(tenantId: string, userId: string, actorUserId: string): Promise<User | undefined>;
}

const PENDING_COLUMNS = `i.id, i.user_id as "userId", u.email, i.token_hash as "tokenHash", i.expires_at as "expiresAt"`;

function* findPendingInvitation(tenantId: string, invitationId: string): Script<PendingInvitationRecord | undefined> {
  return yield* get<PendingInvitationRecord>(
    `select ${PENDING_COLUMNS} from invitations i join users u on u.id = i.user_id
      where i.id = ? and i.tenant_id = ? and i.accepted_at is null and u.status = 'invited'`,
    invitationId,
    tenantId,
  );
}

/** A user of the tenant, whatever their state. */
function* findTenantMember(tenantId: string, userId: string): Script<User | undefined> {
  const row = yield* get<User>(`select ${USER_COLUMNS} from users u where u.id = ? and u.tenant_id = ?`, userId, tenantId);
  return row ? userOf(row) : undefined;
}

/** How many active admins the tenant has; call with the tenant row locked. */
function* activeAdminCount(tenantId: string): Script<number> {
  const admins = yield* get<{ count: number }>(
    "select count(*) as count from users where tenant_id = ? and role = 'admin' and status = 'active'",
    tenantId,
  );
  return Number(admins?.count ?? 0);
}

type OpenInvitationRow = User & {
  invitationId: string;
  invitationTokenHash: string;
  invitedBy: string | null;
  expiresAt: number;
  acceptedAt: number | null;
  invitationCreatedAt: number;
  tenantName: string;
  tenantCreatedAt: number;
};

function* findOpenInvitation(tokenHash: string, now: number): Script<OpenInvitation | { problem: InvitationProblem }> {
  const row = yield* get<OpenInvitationRow>(
    `select ${USER_COLUMNS}, i.id as "invitationId", i.token_hash as "invitationTokenHash", i.invited_by as "invitedBy",
            i.expires_at as "expiresAt", i.accepted_at as "acceptedAt", i.created_at as "invitationCreatedAt",
            t.name as "tenantName", t.created_at as "tenantCreatedAt"
       from invitations i join users u on u.id = i.user_id join tenants t on t.id = i.tenant_id
      where i.token_hash = ?`,
    tokenHash,
  );
  if (!row) return { problem: "not_found" };
  const { invitationId, invitationTokenHash, invitedBy, expiresAt, acceptedAt, invitationCreatedAt, tenantName, tenantCreatedAt } = row;
  const user = userOf(row);
  if (acceptedAt !== null || user.status !== "invited") return { problem: "used" };
  if (expiresAt <= now) return { problem: "expired" };
  return {
    user,
    tenant: { id: user.tenantId, name: tenantName, createdAt: tenantCreatedAt },
    invitation: {
      id: invitationId,
      tenantId: user.tenantId,
      userId: user.id,
      tokenHash: invitationTokenHash,
      invitedBy,
      expiresAt,
      acceptedAt,
      createdAt: invitationCreatedAt,
    },
  };
}

export function teamStore(db: Executor): TeamStore {
  return {
    list: (tenantId) =>
      db.run(
        (function* () {
          const members = yield* all<User>(
            `select ${USER_COLUMNS} from users u where u.tenant_id = ? order by u.created_at, u.id`,
            tenantId,
          );
          const invitations = yield* all<PendingInvitation>(
            `select i.id, i.user_id as "userId", u.email, u.role, i.expires_at as "expiresAt"
               from invitations i join users u on u.id = i.user_id
              where i.tenant_id = ? and i.accepted_at is null and u.status = 'invited'
              order by i.created_at desc, i.id`,
            tenantId,
          );
          return { members: members.map(userOf), invitations };
        })(),
      ),

    setMemberDisabled: (input) =>
      db.transaction(function* () {
        yield* lock("tenants", input.tenantId);
        const target = yield* findTenantMember(input.tenantId, input.userId);
        if (!target) return { problem: "not_found" as const };
        if (input.isDisabled) {
          if (target.id === input.actorId) return { problem: "self" as const };
          if (target.role === "admin" && target.status === "active" && (yield* activeAdminCount(input.tenantId)) <= 1) {
            return { problem: "last_admin" as const };
          }
        }
        const hasSignedUp = target.passwordHash !== null || target.lastSignInAt !== null;
        const status: User["status"] = input.isDisabled ? "disabled" : hasSignedUp ? "active" : "invited";
        const now = Date.now();
        yield* run("update users set status = ?, updated_at = ? where id = ?", status, now, target.id);
        if (input.isDisabled) yield* revokeSessionsOfUser(target.id, now);
        yield* insertAuditEvent({
          type: input.isDisabled ? "team.deactivated" : "team.reactivated",
          tenantId: input.tenantId,
          actorUserId: input.actorId,
          email: target.email,
        });
        return { user: { ...target, status } };
      }),

    createInvitation: async (input) => {
      try {
        return await db.transaction(function* () {
          if (yield* isVerifiedElsewhere(input.tenantId, normalizeEmail(input.email)))
            return { problem: "domain_verified_elsewhere" as const };
          const existing = yield* findTenantUser(input.tenantId, input.email);
          if (existing && (existing.emailClaimedAt !== null || existing.status !== "invited"))
            return { problem: "already_member" as const };
          const now = Date.now();
          const userId = existing?.id ?? randomUUID();
          if (existing) {
            yield* run("delete from invitations where user_id = ?", userId);
            yield* run("update users set role = ? where id = ?", input.role, userId);
          } else {
            yield* insertUser({
              id: userId,
              tenantId: input.tenantId,
              email: input.email.trim(),
              emailNormalized: normalizeEmail(input.email),
              name: "",
              role: input.role,
              status: "invited",
              passwordHash: null,
              ...NEVER_SIGNED_IN,
              emailClaimedAt: null,
              createdAt: now,
              updatedAt: now,
            });
          }
          yield* run(
            "insert into invitations (id, tenant_id, user_id, token_hash, invited_by, expires_at, created_at) values (?, ?, ?, ?, ?, ?, ?)",
            input.id,
            input.tenantId,
            userId,
            input.tokenHash,
            input.invitedBy,
            input.expiresAt,
            now,
          );
          yield* insertAuditEvent(
            {
              type: "team.invited",
              tenantId: input.tenantId,
              actorUserId: input.invitedBy,
              email: input.email,
              details: { role: input.role },
            },
            now,
          );
          return { userId };
        });
      } catch (error) {
        if (error instanceof UniqueViolationError) return { problem: "already_member" };
        throw error;
      }
    },

    findOpenInvitation: (tokenHash, now) => db.run(findOpenInvitation(tokenHash, now)),

    acceptInvitation: async (tokenHash, acceptance, now, session) => {
      try {
        return await db.transaction(function* () {
          const open = yield* findOpenInvitation(tokenHash, now);
          if ("problem" in open) return open;
          yield* lock("users", open.user.id);
          if (yield* isVerifiedElsewhere(open.tenant.id, open.user.emailNormalized)) return { problem: "claimed_elsewhere" as const };
          const enforced = yield* get<{ enforce: unknown }>("select enforce from sso_configs where tenant_id = ?", open.tenant.id);
          if (Boolean(enforced?.enforce) !== acceptance.wasSsoEnforced) return { problem: "enforcement_changed" as const };
          const consumed = yield* run(
            "update invitations set accepted_at = ? where id = ? and accepted_at is null",
            now,
            open.invitation.id,
          );
          if (consumed === 0) return { problem: "used" as const };
          const accepted = { ...open.user, name: acceptance.name, emailClaimedAt: open.user.emailClaimedAt ?? now, updatedAt: now };
          const user: User = acceptance.passwordHash ? { ...accepted, passwordHash: acceptance.passwordHash, status: "active" } : accepted;
          yield* run(
            "update users set name = ?, password_hash = ?, status = ?, email_claimed_at = ?, updated_at = ? where id = ?",
            user.name,
            user.passwordHash,
            user.status,
            user.emailClaimedAt,
            user.updatedAt,
            user.id,
          );
          if (session && user.status === "active") yield* insertSession(session, user, "pwd");
          yield* insertAuditEvent({ type: "team.invite.accepted", tenantId: user.tenantId, actorUserId: user.id, email: user.email }, now);
          return { user };
        });
      } catch (error) {
        if (error instanceof UniqueViolationError) return { problem: "claimed_elsewhere" as const };
        throw error;
      }
    },

    revokeInvitation: (tenantId, invitationId, actorUserId, now) =>
      db.transaction(function* () {
        const invitation = yield* get<{
          userId: string;
          email: string;
          claimedAt: number | null;
          signedInAt: number | null;
          isScim: unknown;
        }>(
          `select i.user_id as "userId", u.email, u.email_claimed_at as "claimedAt", u.last_sign_in_at as "signedInAt", u.is_scim_managed as "isScim"
             from invitations i join users u on u.id = i.user_id
            where i.id = ? and i.tenant_id = ? and i.accepted_at is null`,
          invitationId,
          tenantId,
        );
        if (!invitation) return false;
        yield* run("delete from invitations where id = ?", invitationId);
        const isNeverJoined = invitation.claimedAt === null && invitation.signedInAt === null && !invitation.isScim;
        if (isNeverJoined) yield* run("delete from users where id = ? and status = 'invited'", invitation.userId);
        yield* insertAuditEvent({ type: "team.invite.revoked", tenantId, actorUserId, email: invitation.email }, now);
        return true;
      }),

    findPendingInvitation: (tenantId, invitationId) => db.run(findPendingInvitation(tenantId, invitationId)),

    reissueInvitation: (tenantId, invitationId, next, actorUserId) =>
      db.transaction(function* () {
        const pending = yield* findPendingInvitation(tenantId, invitationId);
        if (!pending) return undefined;
        const now = Date.now();
        yield* run("delete from invitations where id = ?", invitationId);
        yield* run(
          "insert into invitations (id, tenant_id, user_id, token_hash, invited_by, expires_at, created_at) values (?, ?, ?, ?, ?, ?, ?)",
          next.id,
          tenantId,
          pending.userId,
          next.tokenHash,
          actorUserId,
          next.expiresAt,
          now,
        );
        yield* insertAuditEvent({ type: "team.invite.resent", tenantId, actorUserId, email: pending.email }, now);
        return { id: next.id, userId: pending.userId, email: pending.email, tokenHash: next.tokenHash, expiresAt: next.expiresAt };
      }),

    setRole: (input) =>
      db.transaction(function* () {
        yield* lock("tenants", input.tenantId);
        const target = yield* findTenantMember(input.tenantId, input.userId);
        if (!target) return { problem: "not_found" as const };
        if (target.role === input.role) return { user: target };
        const isDemotingActiveAdmin = target.role === "admin" && target.status === "active";
        if (isDemotingActiveAdmin && (yield* activeAdminCount(input.tenantId)) <= 1) return { problem: "last_admin" as const };
        const now = Date.now();
        yield* run("update users set role = ?, updated_at = ? where id = ?", input.role, now, target.id);
        yield* insertAuditEvent(
          {
            type: "team.role.changed",
            tenantId: input.tenantId,
            actorUserId: input.actorId,
            email: target.email,
            details: { from: target.role, to: input.role },
          },
          now,
        );
        return { user: { ...target, role: input.role, updatedAt: now } };
      }),

    resetIdpLink: (tenantId, userId, actorUserId) =>
      db.transaction(function* () {
        const user = yield* findTenantMember(tenantId, userId);
        if (!user) return undefined;
        if (user.idpSubject === null) return user;
        const now = Date.now();
        yield* run("update users set idp_issuer = null, idp_subject = null, updated_at = ? where id = ?", now, userId);
        yield* insertAuditEvent(
          { type: "team.sso_link_reset", tenantId, actorUserId, email: user.email, idpSubject: user.idpSubject ?? undefined },
          now,
        );
        return { ...user, idpIssuer: null, idpSubject: null, updatedAt: now };
      }),
  };
}
