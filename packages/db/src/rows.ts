import type * as schema from "./schema/sqlite.ts";

/** Rows as every store returns them, on either database (`schema/row-types.test.ts` proves the two schemas agree). */
export type Tenant = typeof schema.tenants.$inferSelect;
export type User = typeof schema.users.$inferSelect;
export type Invitation = typeof schema.invitations.$inferSelect;
export type SsoConfig = typeof schema.ssoConfigs.$inferSelect;
export type AuditEvent = typeof schema.auditEvents.$inferSelect;
export type Session = typeof schema.sessions.$inferSelect;

/** The columns of a user, aliased to the row's field names, for a query over `users u`; read the row with `userOf`. */
export const USER_COLUMNS = `u.id, u.tenant_id as "tenantId", u.email, u.email_normalized as "emailNormalized", u.name, u.role,
  u.status, u.password_hash as "passwordHash", u.last_sign_in_at as "lastSignInAt", u.last_sign_in_method as "lastSignInMethod",
  u.email_claimed_at as "emailClaimedAt", u.idp_issuer as "idpIssuer", u.idp_subject as "idpSubject",
  u.given_name as "givenName", u.family_name as "familyName", u.is_scim_managed as "isScimManaged", u.external_id as "externalId",
  u.scim_user_name as "scimUserName", u.scim_user_name_key as "scimUserNameKey", u.scim_deleted_at as "scimDeletedAt",
  u.created_at as "createdAt", u.updated_at as "updatedAt"`;

/** A user row as read with `USER_COLUMNS` (SQLite gives its boolean as 0/1), extra columns of the query dropped. */
export function userOf(row: User | (Omit<User, "isScimManaged"> & { isScimManaged: number })): User {
  return {
    id: row.id,
    tenantId: row.tenantId,
    email: row.email,
    emailNormalized: row.emailNormalized,
    name: row.name,
    role: row.role,
    status: row.status,
    passwordHash: row.passwordHash,
    lastSignInAt: row.lastSignInAt,
    lastSignInMethod: row.lastSignInMethod,
    emailClaimedAt: row.emailClaimedAt,
    idpIssuer: row.idpIssuer,
    idpSubject: row.idpSubject,
    givenName: row.givenName,
    familyName: row.familyName,
    isScimManaged: Boolean(row.isScimManaged),
    externalId: row.externalId,
    scimUserName: row.scimUserName,
    scimUserNameKey: row.scimUserNameKey,
    scimDeletedAt: row.scimDeletedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** The columns of an SSO config over `sso_configs s`; `enforce` comes back as 0/1 from SQLite: read it with `ssoConfigOf`. */
export const SSO_CONFIG_COLUMNS = `s.tenant_id as "tenantId", s.display_name as "displayName", s.issuer, s.client_id as "clientId",
  s.client_secret_sealed as "clientSecretSealed", s.client_secret_key_id as "clientSecretKeyId", s.enforce,
  s.client_secret_expires_at as "clientSecretExpiresAt", s.idp_kind as "idpKind", s.last_test as "lastTest",
  s.updated_at as "updatedAt", s.updated_by as "updatedBy"`;

type RawSsoConfig = Omit<SsoConfig, "enforce"> & { enforce: boolean | number };

export const ssoConfigOf = (row: RawSsoConfig): SsoConfig => ({ ...row, enforce: Boolean(row.enforce) });
