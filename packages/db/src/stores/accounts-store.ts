import { randomUUID } from "node:crypto";
import { domainOf, normalizeEmail, type SignInMethod } from "@jams/contracts";
import { SSO_CONFIG_COLUMNS, type SsoConfig, ssoConfigOf, type Tenant, USER_COLUMNS, type User, userOf } from "../rows.ts";
import { all, type Executor, get, run, type Script, UniqueViolationError } from "../sql/script.ts";
import { insertAuditEvent } from "./audit-store.ts";
import { NOT_VERIFIED_ELSEWHERE, verifiedOwnerOf } from "./domains-store.ts";
import { insertSession, type SessionStart } from "./sessions-store.ts";

export interface UserWithTenant {
  user: User;
  tenant: Tenant;
}

export interface Account extends UserWithTenant {
  /** The tenant's SSO configuration, if it has one. */
  sso: SsoConfig | null;
}

/** Where an email signs in: its tenant and, if the tenant has SSO, the IdP's public settings. */
export interface SignInRoute {
  tenantId: string;
  email: string;
  sso: { displayName: string; issuer: string; clientId: string; enforce: boolean } | null;
}

export interface NewWorkspace {
  workspaceName: string;
  name: string;
  email: string;
  passwordHash: string;
}

export interface AccountsStore {
  /**
   * The sign-in route of an email (SPEC §3: one account per email across tenants, ASCII case
   * folded only): the few columns `auth.lookup` and `/auth/sso/start` need, in one indexed read.
   * An email without an account on a domain a tenant verified and connected to SSO routes to
   * that tenant's SSO only.
   */
  findSignInRoute(email: string): Promise<SignInRoute | undefined>;
  /** The one account an email belongs to, with its tenant and the tenant's SSO configuration. */
  findAccountByEmail(email: string): Promise<Account | undefined>;
  /** The user an email signs in as, in any tenant: its claimed account, else its only pending invitee. */
  findUserByEmail(email: string): Promise<User | undefined>;
  /** The tenant's own user with that email (an SSO sign-in matches only inside its tenant). */
  findTenantUser(tenantId: string, email: string): Promise<User | undefined>;
  findUserWithTenant(userId: string): Promise<UserWithTenant | undefined>;
  /** Whether an account has claimed the address; pending invitations claim nothing. */
  isEmailClaimed(email: string): Promise<boolean>;
  /** A tenant, its first admin, the admin's session (if any) and the audit event, together; undefined when the email is taken. */
  createWorkspace(input: NewWorkspace, session: SessionStart | null): Promise<UserWithTenant | undefined>;
  /** Stamps a password sign-in, opens its session and audits it, together. */
  completePasswordSignIn(user: User, session: SessionStart): Promise<User>;
}

const TENANT_COLUMNS = `t.name as "tenantName", t.created_at as "tenantCreatedAt"`;
type TenantColumns = { tenantName: string; tenantCreatedAt: number };
const tenantOf = (row: User & TenantColumns): Tenant => ({ id: row.tenantId, name: row.tenantName, createdAt: row.tenantCreatedAt });

type SignInRouteRow = {
  tenantId: string;
  email: string;
  emailClaimedAt: number | null;
  displayName: string | null;
  issuer: string | null;
  clientId: string | null;
  enforce: unknown;
};

/** The users of an address (`?`, then its domain `?`) that may use it: not on a domain another tenant verified. */
const USERS_OF_EMAIL = `u.email_normalized = ? and ${NOT_VERIFIED_ELSEWHERE}`;
const emailParams = (email: string): [string, string] => {
  const normalized = normalizeEmail(email);
  return [normalized, domainOf(normalized)];
};

/** Orders an email's users claimed account first, then the oldest pending invitation; two rows are enough to decide. */
const ACCOUNT_FIRST = "order by case when u.email_claimed_at is null then 1 else 0 end, u.created_at, u.id limit 2";

/**
 * The user an email signs in as (SPEC §3: one account per address): the account that claimed it,
 * else its only pending invitee. Pending invitations in several workspaces claim nothing, so none of
 * them is guessed at: the invitee accepts one by its link.
 */
function accountAmong<Row extends { emailClaimedAt: number | null }>(rows: Row[]): Row | undefined {
  const [first] = rows;
  return first && (first.emailClaimedAt !== null || rows.length === 1) ? first : undefined;
}

/** Stamps a successful sign-in; an invited user signing in (via SSO) becomes active, their invitation used up. */
export function* stampSignIn(user: User, method: SignInMethod, now: number): Script<User> {
  if (user.status === "invited")
    yield* run("update invitations set accepted_at = ? where user_id = ? and accepted_at is null", now, user.id);
  const row = yield* get<{ status: User["status"]; emailClaimedAt: number }>(
    `update users set last_sign_in_at = ?, last_sign_in_method = ?, email_claimed_at = coalesce(email_claimed_at, ?),
         status = case when status = 'invited' then 'active' else status end
       where id = ? returning status, email_claimed_at as "emailClaimedAt"`,
    now,
    method,
    now,
    user.id,
  );
  return row ? { ...user, lastSignInAt: now, lastSignInMethod: method, status: row.status, emailClaimedAt: row.emailClaimedAt } : user;
}

export function* findUserByEmail(email: string): Script<User | undefined> {
  const row = accountAmong(
    yield* all<User>(`select ${USER_COLUMNS} from users u where ${USERS_OF_EMAIL} ${ACCOUNT_FIRST}`, ...emailParams(email)),
  );
  return row ? userOf(row) : undefined;
}

/** Whether an account has claimed the address (a pending invitation does not). */
export function* isEmailClaimed(email: string): Script<boolean> {
  return (
    (yield* get("select 1 as claimed from users where email_normalized = ? and email_claimed_at is not null", normalizeEmail(email))) !==
    undefined
  );
}

/** The tenant's own user with that email, whatever their state. */
export function* findTenantUser(tenantId: string, email: string): Script<User | undefined> {
  const row = yield* get<User>(
    `select ${USER_COLUMNS} from users u where u.tenant_id = ? and ${USERS_OF_EMAIL}`,
    tenantId,
    ...emailParams(email),
  );
  return row ? userOf(row) : undefined;
}

/**
 * An email without an account, on a domain a tenant verified and connected to SSO: it signs in
 * there through SSO (which then explains `user_not_provisioned` unless the IdP's email matches an
 * invitee), never by password.
 */
function* verifiedDomainRoute(email: string): Script<SignInRoute | undefined> {
  const [, domain] = emailParams(email);
  const row = yield* get<{ tenantId: string; displayName: string; issuer: string; clientId: string }>(
    `select d.tenant_id as "tenantId", s.display_name as "displayName", s.issuer, s.client_id as "clientId"
       from tenant_domains d join sso_configs s on s.tenant_id = d.tenant_id
      where d.domain = ? and d.verified_at is not null`,
    domain,
  );
  if (!row) return undefined;
  const { tenantId, ...sso } = row;
  return { tenantId, email: email.trim(), sso: { ...sso, enforce: true } };
}

export function accountsStore(db: Executor): AccountsStore {
  return {
    findSignInRoute: (email) =>
      db.run(
        (function* () {
          const row = accountAmong(
            yield* all<SignInRouteRow>(
              `select u.tenant_id as "tenantId", u.email, u.email_claimed_at as "emailClaimedAt", s.display_name as "displayName", s.issuer,
                      s.client_id as "clientId", s.enforce
                 from users u left join sso_configs s on s.tenant_id = u.tenant_id
                where ${USERS_OF_EMAIL} ${ACCOUNT_FIRST}`,
              ...emailParams(email),
            ),
          );
          if (!row) return yield* verifiedDomainRoute(email);
          const { tenantId, displayName, issuer, clientId, enforce } = row;
          const sso =
            displayName !== null && issuer !== null && clientId !== null
              ? { displayName, issuer, clientId, enforce: Boolean(enforce) }
              : null;
          return { tenantId, email: row.email, sso };
        })(),
      ),

    findAccountByEmail: (email) =>
      db.run(
        (function* () {
          const row = accountAmong(
            yield* all<User & TenantColumns>(
              `select ${USER_COLUMNS}, ${TENANT_COLUMNS} from users u join tenants t on t.id = u.tenant_id where ${USERS_OF_EMAIL} ${ACCOUNT_FIRST}`,
              ...emailParams(email),
            ),
          );
          if (!row) return undefined;
          const sso = yield* get<SsoConfig>(`select ${SSO_CONFIG_COLUMNS} from sso_configs s where s.tenant_id = ?`, row.tenantId);
          return { user: userOf(row), tenant: tenantOf(row), sso: sso ? ssoConfigOf(sso) : null };
        })(),
      ),

    findUserWithTenant: (userId) =>
      db.run(
        (function* () {
          const row = yield* get<User & TenantColumns>(
            `select ${USER_COLUMNS}, ${TENANT_COLUMNS} from users u join tenants t on t.id = u.tenant_id where u.id = ?`,
            userId,
          );
          return row ? { user: userOf(row), tenant: tenantOf(row) } : undefined;
        })(),
      ),

    findUserByEmail: (email) => db.run(findUserByEmail(email)),

    findTenantUser: (tenantId, email) => db.run(findTenantUser(tenantId, email)),

    isEmailClaimed: (email) => db.run(isEmailClaimed(email)),

    createWorkspace: async (input, session) => {
      try {
        return await db.transaction(function* () {
          if ((yield* isEmailClaimed(input.email)) || (yield* verifiedOwnerOf(normalizeEmail(input.email)))) return undefined;
          const now = Date.now();
          const tenant: Tenant = { id: randomUUID(), name: input.workspaceName, createdAt: now };
          yield* run("insert into tenants (id, name, created_at) values (?, ?, ?)", tenant.id, tenant.name, tenant.createdAt);
          const user: User = {
            id: randomUUID(),
            tenantId: tenant.id,
            email: input.email.trim(),
            emailNormalized: normalizeEmail(input.email),
            name: input.name,
            role: "admin",
            status: "active",
            passwordHash: input.passwordHash,
            ...NEVER_SIGNED_IN,
            emailClaimedAt: now,
            createdAt: now,
            updatedAt: now,
          };
          yield* insertUser(user);
          if (session) yield* insertSession(session, user, "pwd");
          yield* insertAuditEvent({ type: "workspace.created", tenantId: tenant.id, actorUserId: user.id, email: user.email }, now);
          return { user, tenant };
        });
      } catch (error) {
        if (error instanceof UniqueViolationError) return undefined;
        throw error;
      }
    },

    completePasswordSignIn: (user, session) =>
      db.transaction(function* () {
        const now = Date.now();
        const signedIn = yield* stampSignIn(user, "pwd", now);
        yield* insertSession(session, signedIn, "pwd");
        yield* insertAuditEvent(
          { type: "signin.success", tenantId: signedIn.tenantId, actorUserId: signedIn.id, method: "pwd", email: signedIn.email },
          now,
        );
        return signedIn;
      }),
  };
}

/** The fields of a user who has not signed in, been pinned or provisioned yet. */
export const NEVER_SIGNED_IN = {
  lastSignInAt: null,
  lastSignInMethod: null,
  idpIssuer: null,
  idpSubject: null,
  givenName: null,
  familyName: null,
  isScimManaged: false,
  externalId: null,
  scimUserName: null,
  scimUserNameKey: null,
  scimDeletedAt: null,
} as const;

export function* insertUser(user: User): Script<void> {
  yield* run(
    `insert into users (id, tenant_id, email, email_normalized, name, given_name, family_name, role, status, password_hash,
                        email_claimed_at, is_scim_managed, external_id, scim_user_name, scim_user_name_key, created_at, updated_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    user.id,
    user.tenantId,
    user.email,
    user.emailNormalized,
    user.name,
    user.givenName,
    user.familyName,
    user.role,
    user.status,
    user.passwordHash,
    user.emailClaimedAt,
    user.isScimManaged,
    user.externalId,
    user.scimUserName,
    user.scimUserNameKey,
    user.createdAt,
    user.updatedAt,
  );
}
