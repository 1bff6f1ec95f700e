import { sql } from "drizzle-orm";
import { bigint, boolean, index, integer, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";

/** PostgreSQL schema, the mirror of `sqlite.ts`. Epoch milliseconds need `bigint` (an `integer` overflows in 1970 + 24 days). */
const millis = (name: string) => bigint(name, { mode: "number" });
const createdAt = () => millis("created_at").notNull().default(sql`(extract(epoch from clock_timestamp()) * 1000)::bigint`);

export const tenants = pgTable("tenants", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  createdAt: createdAt(),
});

export const users = pgTable(
  "users",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    /** Trimmed, ASCII-lower-cased copy of `email`: one account per address across all tenants. */
    emailNormalized: text("email_normalized").notNull(),
    name: text("name").notNull().default(""),
    role: text("role", { enum: ["admin", "member"] }).notNull(),
    status: text("status", { enum: ["invited", "active", "disabled"] }).notNull(),
    passwordHash: text("password_hash"),
    lastSignInAt: millis("last_sign_in_at"),
    lastSignInMethod: text("last_sign_in_method", { enum: ["pwd", "sso"] }),
    /**
     * When the address became this account's: at signup, invitation acceptance, first sign-in or
     * SCIM provisioning. A pending invitation claims nothing, so no tenant can squat an address.
     */
    emailClaimedAt: millis("email_claimed_at"),
    /** The IdP identity pinned at the first SSO sign-in (issuer, `sub`); later sign-ins must present the same. */
    idpIssuer: text("idp_issuer"),
    idpSubject: text("idp_subject"),
    /** The parts of the name an IdP provisions over SCIM (`name` holds the display name). */
    givenName: text("given_name"),
    familyName: text("family_name"),
    /** Provisioned by the tenant's IdP over SCIM: `externalId` is the IdP's id for the user. */
    isScimManaged: boolean("is_scim_managed").notNull().default(false),
    externalId: text("external_id"),
    /** SCIM `userName` as the IdP sent it, and its ASCII-lower-cased copy for case-insensitive lookups. */
    scimUserName: text("scim_user_name"),
    scimUserNameKey: text("scim_user_name_key"),
    /** Deleted over SCIM: deactivated and gone from SCIM's view (404), kept for the audit trail. */
    scimDeletedAt: millis("scim_deleted_at"),
    createdAt: createdAt(),
    updatedAt: millis("updated_at").notNull().default(0),
  },
  (table) => [
    uniqueIndex("users_claimed_email_unique").on(table.emailNormalized).where(sql`email_claimed_at is not null`),
    uniqueIndex("users_tenant_email_unique").on(table.tenantId, table.emailNormalized),
    uniqueIndex("users_idp_identity_unique").on(table.tenantId, table.idpIssuer, table.idpSubject).where(sql`idp_subject is not null`),
    uniqueIndex("users_tenant_external_id_unique").on(table.tenantId, table.externalId).where(sql`external_id is not null`),
    uniqueIndex("users_tenant_scim_user_name_unique").on(table.tenantId, table.scimUserNameKey).where(sql`scim_user_name_key is not null`),
    index("users_email_idx").on(table.emailNormalized),
  ],
);

export const invitations = pgTable(
  "invitations",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** SHA-256 of the token in the invite link; the token itself is never stored. */
    tokenHash: text("token_hash").notNull(),
    invitedBy: text("invited_by").references(() => users.id, { onDelete: "set null" }),
    expiresAt: millis("expires_at").notNull(),
    acceptedAt: millis("accepted_at"),
    createdAt: createdAt(),
  },
  (table) => [uniqueIndex("invitations_token_hash_unique").on(table.tokenHash), index("invitations_tenant_idx").on(table.tenantId)],
);

export const ssoConfigs = pgTable(
  "sso_configs",
  {
    tenantId: text("tenant_id")
      .primaryKey()
      .references(() => tenants.id, { onDelete: "cascade" }),
    displayName: text("display_name").notNull(),
    issuer: text("issuer").notNull(),
    clientId: text("client_id").notNull(),
    /** AES-256-GCM sealed client secret (iv, ciphertext and tag, base64url). */
    clientSecretSealed: text("client_secret_sealed"),
    /** Which `SSO_ENCRYPTION_KEY` sealed it, so keys can be rotated. */
    clientSecretKeyId: text("client_secret_key_id"),
    enforce: boolean("enforce").notNull().default(false),
    /** When the IdP says the client secret expires (Entra: at most 24 months), if the admin entered it. */
    clientSecretExpiresAt: millis("client_secret_expires_at"),
    /** Which IdP the admin picked in the guided setup (`entra-id`, `okta`, …), for its field names and guide. */
    idpKind: text("idp_kind"),
    /** The last test sign-in's outcome as JSON (when, by whom, code or claims; never tokens); reset when the IdP changes. */
    lastTest: text("last_test"),
    updatedAt: millis("updated_at").notNull(),
    updatedBy: text("updated_by").references(() => users.id, { onDelete: "set null" }),
  },
  (table) => [index("sso_configs_issuer_idx").on(table.issuer)],
);

/** Single-use codes that hand a finished SSO sign-in to the SPA (stored hashed, 60 s). */
export const ssoHandoffs = pgTable("sso_handoffs", {
  codeHash: text("code_hash").primaryKey(),
  userId: text("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  /** SHA-256 of the HttpOnly cookie set in the browser that finished the sign-in: only that browser can redeem. */
  binderHash: text("binder_hash").notNull().default(""),
  /** The IdP session the sign-in came from, carried to the session (back-channel logout finds it by these). */
  idpIssuer: text("idp_issuer"),
  idpSubject: text("idp_subject"),
  idpSessionId: text("idp_session_id"),
  expiresAt: millis("expires_at").notNull(),
});

/** Login transactions already consumed by a callback, kept until they expire, so none is replayed. */
export const ssoConsumedStates = pgTable("sso_consumed_states", {
  stateHash: text("state_hash").primaryKey(),
  expiresAt: millis("expires_at").notNull(),
});

/** Abuse-limit counters, shared by every server process on the database and kept across restarts. */
export const rateLimits = pgTable("rate_limits", {
  key: text("key").primaryKey(),
  windowStart: millis("window_start").notNull(),
  count: integer("count").notNull(),
  /** Consecutive failures (password sign-in per account), and until when the account is held back. */
  failures: integer("failures").notNull().default(0),
  blockedUntil: millis("blocked_until"),
  /** Last change: rows idle for a day are removed. */
  updatedAt: millis("updated_at").notNull().default(0),
});

export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    tenantId: text("tenant_id").references(() => tenants.id, { onDelete: "cascade" }),
    actorUserId: text("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    /** Who acted when it was not a signed-in user: `SCIM`, `Operator`. */
    actorLabel: text("actor_label"),
    type: text("type").notNull(),
    method: text("method", { enum: ["pwd", "sso"] }),
    code: text("code"),
    email: text("email"),
    idpSubject: text("idp_subject"),
    /** JSON object: never secrets, only names of changed fields and non-secret values. */
    details: text("details"),
    /** Identical unauthenticated failures are counted on one row instead of one row each (a flood writes little). */
    repeatCount: integer("repeat_count").notNull().default(1),
    lastSeenAt: millis("last_seen_at"),
    createdAt: createdAt(),
  },
  (table) => [
    index("audit_events_tenant_created_idx").on(table.tenantId, table.createdAt),
    index("audit_events_created_idx").on(table.createdAt),
  ],
);

/** Server-side sessions: every session JWT names one, checked on each request, so logout and offboarding end it at once. */
export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    method: text("method", { enum: ["pwd", "sso"] }).notNull(),
    /** Shown to the user among their sessions (trimmed). */
    userAgent: text("user_agent").notNull().default(""),
    idpIssuer: text("idp_issuer"),
    idpSubject: text("idp_subject"),
    idpSessionId: text("idp_session_id"),
    createdAt: createdAt(),
    lastSeenAt: millis("last_seen_at").notNull(),
    expiresAt: millis("expires_at").notNull(),
    revokedAt: millis("revoked_at"),
  },
  (table) => [
    index("sessions_user_idx").on(table.userId),
    index("sessions_idp_session_idx").on(table.idpIssuer, table.idpSessionId),
    index("sessions_idp_subject_idx").on(table.idpIssuer, table.idpSubject),
    index("sessions_expires_idx").on(table.expiresAt),
  ],
);

/** A tenant's SCIM bearer token, stored hashed: the token alone decides the tenant. */
export const scimTokens = pgTable(
  "scim_tokens",
  {
    tenantId: text("tenant_id")
      .primaryKey()
      .references(() => tenants.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    lastUsedAt: millis("last_used_at"),
  },
  (table) => [uniqueIndex("scim_tokens_hash_unique").on(table.tokenHash)],
);

/** Email domains a tenant proved it owns (a DNS TXT record); a verified domain's addresses belong to that tenant only. */
export const tenantDomains = pgTable(
  "tenant_domains",
  {
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    domain: text("domain").notNull(),
    /** The value the TXT record must hold. */
    verificationToken: text("verification_token").notNull(),
    verifiedAt: millis("verified_at"),
    checkedAt: millis("checked_at"),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.domain] }),
    uniqueIndex("tenant_domains_verified_unique").on(table.domain).where(sql`verified_at is not null`),
  ],
);

/** Data keys that seal client secrets, stored only wrapped by a key in Azure Key Vault (`SSO_KEY_PROVIDER=azure-key-vault`). */
export const dataKeys = pgTable("data_keys", {
  keyId: text("key_id").primaryKey(),
  /** The data key wrapped with RSA-OAEP-256, base64url. */
  wrappedKey: text("wrapped_key").notNull(),
  /** The full Key Vault key identifier, version included, that wrapped it. */
  wrappingKeyId: text("wrapping_key_id").notNull(),
  isCurrent: boolean("is_current").notNull().default(false),
  createdAt: createdAt(),
});
