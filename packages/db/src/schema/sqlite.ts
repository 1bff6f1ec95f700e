import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/** SQLite schema. `pg.ts` mirrors it line by line; `row-types.test.ts` proves their row types equal. Times are epoch milliseconds. */
const millis = (name: string) => integer(name, { mode: "number" });
const createdAt = () => millis("created_at").notNull().default(sql`(unixepoch('subsec') * 1000)`);

export const tenants = sqliteTable("tenants", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  createdAt: createdAt(),
});

export const users = sqliteTable(
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
    createdAt: createdAt(),
  },
  (table) => [uniqueIndex("users_email_normalized_unique").on(table.emailNormalized), index("users_tenant_idx").on(table.tenantId)],
);

export const invitations = sqliteTable(
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

export const ssoConfigs = sqliteTable("sso_configs", {
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
  enforce: integer("enforce", { mode: "boolean" }).notNull().default(false),
  updatedAt: millis("updated_at").notNull(),
  updatedBy: text("updated_by").references(() => users.id, { onDelete: "set null" }),
});

/** Single-use codes that hand a finished SSO sign-in to the SPA (stored hashed, 60 s). */
export const ssoHandoffs = sqliteTable("sso_handoffs", {
  codeHash: text("code_hash").primaryKey(),
  userId: text("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  /** SHA-256 of the HttpOnly cookie set in the browser that finished the sign-in: only that browser can redeem. */
  binderHash: text("binder_hash").notNull().default(""),
  expiresAt: millis("expires_at").notNull(),
});

/** Login transactions already consumed by a callback, kept until they expire, so none is replayed. */
export const ssoConsumedStates = sqliteTable("sso_consumed_states", {
  stateHash: text("state_hash").primaryKey(),
  expiresAt: millis("expires_at").notNull(),
});

/** Abuse-limit counters, shared by every server process on the database and kept across restarts. */
export const rateLimits = sqliteTable("rate_limits", {
  key: text("key").primaryKey(),
  windowStart: millis("window_start").notNull(),
  count: integer("count").notNull(),
  /** Consecutive failures (password sign-in per account), and until when the account is held back. */
  failures: integer("failures").notNull().default(0),
  blockedUntil: millis("blocked_until"),
});

export const auditEvents = sqliteTable(
  "audit_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tenantId: text("tenant_id").references(() => tenants.id, { onDelete: "cascade" }),
    actorUserId: text("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    type: text("type").notNull(),
    method: text("method", { enum: ["pwd", "sso"] }),
    code: text("code"),
    email: text("email"),
    idpSubject: text("idp_subject"),
    /** JSON object: never secrets, only names of changed fields and non-secret values. */
    details: text("details"),
    createdAt: createdAt(),
  },
  (table) => [index("audit_events_tenant_created_idx").on(table.tenantId, table.createdAt)],
);
