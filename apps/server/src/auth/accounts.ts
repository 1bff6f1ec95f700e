import { randomUUID } from "node:crypto";
import { normalizeEmail, type SignInMethod } from "@jams/contracts";
import type { Db } from "@jams/db";
import { schema } from "@jams/db";
import { eq, sql } from "drizzle-orm";

export interface UserWithTenant {
  user: schema.User;
  tenant: schema.Tenant;
}

export interface Account extends UserWithTenant {
  /** The tenant's SSO configuration, if it has one. */
  sso: schema.SsoConfig | null;
}

/** Prepared once per database: the hot read paths of every sign-in skip query building. */
function prepareQueries(db: Db) {
  return {
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
  };
}

const preparedByDb = new WeakMap<Db, ReturnType<typeof prepareQueries>>();

function queriesOf(db: Db) {
  let queries = preparedByDb.get(db);
  if (!queries) {
    queries = prepareQueries(db);
    preparedByDb.set(db, queries);
  }
  return queries;
}

/**
 * Finds the one account an email belongs to, across all tenants (SPEC §3), matching ASCII
 * case only, with its tenant and the tenant's SSO configuration: one indexed query.
 */
export function findAccountByEmail(db: Db, email: string): Account | undefined {
  return queriesOf(db).accountByEmail.get({ email: normalizeEmail(email) });
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

/** Stamps a successful sign-in; an invited user signing in (via SSO) becomes active. */
export function recordSignIn(db: Pick<Db, "update">, user: schema.User, method: SignInMethod): schema.User {
  const updated = db
    .update(schema.users)
    .set({
      lastSignInAt: new Date(),
      lastSignInMethod: method,
      status: user.status === "invited" ? "active" : user.status,
    })
    .where(eq(schema.users.id, user.id))
    .returning()
    .get();
  return updated ?? user;
}

export function findSsoConfig(db: Db, tenantId: string): schema.SsoConfig | undefined {
  return queriesOf(db).ssoConfigByTenant.get({ tenantId });
}
