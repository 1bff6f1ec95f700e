import { randomUUID } from "node:crypto";
import { normalizeEmail, type SignInMethod } from "@jams/contracts";
import { type Db, preparedStatements, schema } from "@jams/db";
import { eq, sql } from "drizzle-orm";

export interface UserWithTenant {
  user: schema.User;
  tenant: schema.Tenant;
}

export interface Account extends UserWithTenant {
  /** The tenant's SSO configuration, if it has one. */
  sso: schema.SsoConfig | null;
}

/** Where an email signs in: its tenant and, if the tenant has SSO, the IdP's public settings. */
export interface SignInRoute {
  tenantId: string;
  email: string;
  sso: { displayName: string; issuer: string; clientId: string; enforce: boolean } | null;
}

interface SignInRouteRow {
  tenantId: string;
  email: string;
  displayName: string | null;
  issuer: string | null;
  clientId: string | null;
  enforce: number | null;
}

/** Prepared once per database: the hot read and write paths of every sign-in skip query building. */
const queriesOf = preparedStatements((sqlite, db) => ({
  stampSignIn: sqlite.prepare<[number, SignInMethod, string], { status: schema.User["status"] }>(
    `update users set last_sign_in_at = ?, last_sign_in_method = ?,
         status = case when status = 'invited' then 'active' else status end
       where id = ? returning status`,
  ),
  signInRouteByEmail: sqlite.prepare<[string], SignInRouteRow>(
    `select u.tenant_id as tenantId, u.email, s.display_name as displayName, s.issuer, s.client_id as clientId, s.enforce
       from users u left join sso_configs s on s.tenant_id = u.tenant_id
       where u.email_normalized = ?`,
  ),
  accountByEmail: db
    .select({ user: schema.users, tenant: schema.tenants, sso: schema.ssoConfigs })
    .from(schema.users)
    .innerJoin(schema.tenants, eq(schema.tenants.id, schema.users.tenantId))
    .leftJoin(schema.ssoConfigs, eq(schema.ssoConfigs.tenantId, schema.users.tenantId))
    .where(eq(schema.users.emailNormalized, sql.placeholder("email")))
    .prepare(),
  ssoConfigByTenant: db
    .select()
    .from(schema.ssoConfigs)
    .where(eq(schema.ssoConfigs.tenantId, sql.placeholder("tenantId")))
    .prepare(),
  userWithTenantById: db
    .select({ user: schema.users, tenant: schema.tenants })
    .from(schema.users)
    .innerJoin(schema.tenants, eq(schema.tenants.id, schema.users.tenantId))
    .where(eq(schema.users.id, sql.placeholder("userId")))
    .prepare(),
}));

/**
 * Finds the one account an email belongs to, across all tenants (SPEC §3), matching ASCII
 * case only, with its tenant and the tenant's SSO configuration: one indexed query.
 */
export function findAccountByEmail(db: Db, email: string): Account | undefined {
  return queriesOf(db).accountByEmail.get({ email: normalizeEmail(email) });
}

/**
 * The sign-in route of an email (SPEC §3: one account per email across tenants): the few
 * columns `auth.lookup` and `/auth/sso/start` need, read in one indexed query, no row mapping.
 */
export function findSignInRoute(db: Db, email: string): SignInRoute | undefined {
  const row = queriesOf(db).signInRouteByEmail.get(normalizeEmail(email));
  if (!row) return undefined;
  const { tenantId, displayName, issuer, clientId, enforce } = row;
  const sso =
    displayName !== null && issuer !== null && clientId !== null ? { displayName, issuer, clientId, enforce: enforce === 1 } : null;
  return { tenantId, email: row.email, sso };
}

export function findUserWithTenantById(db: Db, userId: string): UserWithTenant | undefined {
  return queriesOf(db).userWithTenantById.get({ userId });
}

export function isEmailTaken(db: Pick<Db, "select">, email: string): boolean {
  return (
    db
      .select({ id: schema.users.id })
      .from(schema.users)
      .where(eq(schema.users.emailNormalized, normalizeEmail(email)))
      .get() !== undefined
  );
}

export interface NewWorkspace {
  workspaceName: string;
  name: string;
  email: string;
  passwordHash: string;
}

/** Creates a tenant and its first admin in one transaction; returns undefined when the email is taken. */
export function createWorkspace(db: Db, input: NewWorkspace): UserWithTenant | undefined {
  return db.transaction((tx) => {
    if (isEmailTaken(tx, input.email)) return undefined;
    const tenant = tx.insert(schema.tenants).values({ id: randomUUID(), name: input.workspaceName }).returning().get();
    const user = tx
      .insert(schema.users)
      .values({
        id: randomUUID(),
        tenantId: tenant.id,
        email: input.email.trim(),
        emailNormalized: normalizeEmail(input.email),
        name: input.name,
        role: "admin",
        status: "active",
        passwordHash: input.passwordHash,
      })
      .returning()
      .get();
    return { user, tenant };
  });
}

/** Stamps a successful sign-in (inside the caller's transaction, if any); an invited user signing in (via SSO) becomes active. */
export function recordSignIn(db: Db, user: schema.User, method: SignInMethod): schema.User {
  const now = Date.now();
  const row = queriesOf(db).stampSignIn.get(now, method, user.id);
  if (!row) return user;
  return { ...user, lastSignInAt: new Date(now), lastSignInMethod: method, status: row.status };
}

export function findSsoConfig(db: Db, tenantId: string): schema.SsoConfig | undefined {
  return queriesOf(db).ssoConfigByTenant.get({ tenantId });
}
