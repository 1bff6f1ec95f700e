import { randomBytes, randomUUID } from "node:crypto";
import { type DatabaseLocation, openStore } from "@jams/db";
import { run } from "@jams/db/sql";
import { startLocalIdp } from "@jams/local-idp";
import { hashPassword, keyIdOf, sealClientSecret } from "@jams/server";

export const BENCH_PASSWORD = "bench-password-1";
export const BENCH_ADMIN = "admin@bench.test";
export const SSO_USER_COUNT = 32;
export const ssoUserEmail = (index: number) => `sso-user-${index}@bench.test`;

export interface BenchIdp {
  issuer: string;
  clientId: string;
  clientSecret: string;
}

export interface EncryptionKey {
  keyId: string;
  key: Uint8Array;
}

/** Rows per insert statement: well under PostgreSQL's 65,535 parameters. */
const ROWS_PER_INSERT = 500;

function* insertRows(table: string, columns: string[], rows: (string | number | null)[][]) {
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    const chunk = rows.slice(start, start + ROWS_PER_INSERT);
    const placeholders = chunk.map(() => `(${columns.map(() => "?").join(", ")})`).join(", ");
    yield* run(`insert into ${table} (${columns.join(", ")}) values ${placeholders}`, ...chunk.flat());
  }
}

/**
 * Fills a fresh database: `users` users spread over `tenants` tenants, plus a "Bench Co"
 * tenant (an admin and SSO users) whose SSO points at the local IdP. One real scrypt hash is
 * shared by every user, so seeding 100 k users takes seconds, not an hour.
 */
export async function seedBenchDatabase(
  location: DatabaseLocation,
  size: { users: number; tenants: number },
  idp: BenchIdp,
  encryption: EncryptionKey,
) {
  const store = await openStore(location, { poolMax: 1 });
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const now = Date.now();
  const tenantIds = Array.from({ length: size.tenants }, () => randomUUID());
  const benchTenant = randomUUID();
  const user = (tenantId: string, email: string, name: string, role: string) => [
    randomUUID(),
    tenantId,
    email,
    email,
    name,
    role,
    "active",
    passwordHash,
    now,
  ];
  const users = [
    ...Array.from({ length: size.users }, (_, index) =>
      user(tenantIds[index % size.tenants] as string, `user-${index}@tenant-${index % size.tenants}.test`, `User ${index}`, "member"),
    ),
    user(benchTenant, BENCH_ADMIN, "Bench Admin", "admin"),
    ...Array.from({ length: SSO_USER_COUNT }, (_, index) => user(benchTenant, ssoUserEmail(index), `SSO User ${index}`, "member")),
  ];
  const keys = { currentKeyId: encryption.keyId, keys: new Map([[encryption.keyId, encryption.key]]) };
  const sealed = sealClientSecret(idp.clientSecret, { tenantId: benchTenant, issuer: idp.issuer, clientId: idp.clientId }, keys);
  await store.executor.transaction(function* () {
    const tenants = [...tenantIds.map((id, index) => [id, `Tenant ${index}`, now]), [benchTenant, "Bench Co", now]];
    yield* insertRows("tenants", ["id", "name", "created_at"], tenants);
    yield* insertRows(
      "users",
      ["id", "tenant_id", "email", "email_normalized", "name", "role", "status", "password_hash", "created_at"],
      users,
    );
    yield* run(
      `insert into sso_configs (tenant_id, display_name, issuer, client_id, client_secret_sealed, client_secret_key_id, enforce, updated_at)
       values (?, 'Local IdP', ?, ?, ?, ?, ?, ?)`,
      benchTenant,
      idp.issuer,
      idp.clientId,
      sealed.sealed,
      sealed.keyId,
      false,
      now,
    );
  });
  await store.close();
}

/**
 * The local IdP with the bench's client (Redirect URI on `origin`) and SSO users, the encryption
 * key the server will get, and a seeder for databases whose SSO points at this IdP.
 */
export async function startBenchIdp(origin: string) {
  const encryptionKey = new Uint8Array(randomBytes(32));
  const client = { clientId: "jams-bench", clientSecret: randomBytes(24).toString("base64url") };
  const idp = await startLocalIdp({
    clients: [{ ...client, redirectUris: [`${origin}/auth/sso/callback`] }],
    accounts: Array.from({ length: SSO_USER_COUNT }, (_, index) => ({ email: ssoUserEmail(index), emailVerified: true })),
  });
  const encryption = { keyId: keyIdOf(encryptionKey), key: encryptionKey };
  return {
    idp,
    encryptionKey,
    seed: (location: DatabaseLocation, size: { users: number; tenants: number }) =>
      seedBenchDatabase(location, size, { issuer: idp.issuer, ...client }, encryption),
  };
}
