import { randomUUID } from "node:crypto";
import { normalizeEmail, type SignInMethod } from "@jams/contracts";
import type { Db } from "@jams/db";
import { schema } from "@jams/db";
import { eq } from "drizzle-orm";

export interface UserWithTenant {
  user: schema.User;
  tenant: schema.Tenant;
}

/** Finds the one account an email belongs to, across all tenants (SPEC §3), matching ASCII case only. */
export function findUserByEmail(db: Db, email: string): UserWithTenant | undefined {
  return db
    .select({ user: schema.users, tenant: schema.tenants })
    .from(schema.users)
    .innerJoin(schema.tenants, eq(schema.tenants.id, schema.users.tenantId))
    .where(eq(schema.users.emailNormalized, normalizeEmail(email)))
    .get();
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

export function findSsoConfig(db: Pick<Db, "select">, tenantId: string): schema.SsoConfig | undefined {
  return db.select().from(schema.ssoConfigs).where(eq(schema.ssoConfigs.tenantId, tenantId)).get();
}
