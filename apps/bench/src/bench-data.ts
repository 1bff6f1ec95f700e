import { randomBytes, randomUUID } from "node:crypto";
import { openDatabase } from "@jams/db";
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

/**
 * Fills a fresh SQLite file: `users` users spread over `tenants` tenants, plus a "Bench Co"
 * tenant (an admin and SSO users) whose SSO points at the local IdP. One real scrypt hash is
 * shared by every user, so seeding 100 k users takes a second, not an hour.
 */
export async function seedBenchDatabase(path: string, size: { users: number; tenants: number }, idp: BenchIdp, encryption: EncryptionKey) {
  const db = openDatabase(path);
  const sqlite = db.$client;
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const insertTenant = sqlite.prepare("insert into tenants (id, name) values (?, ?)");
  const insertUser = sqlite.prepare(
    "insert into users (id, tenant_id, email, email_normalized, name, role, status, password_hash) values (?, ?, ?, ?, ?, ?, 'active', ?)",
  );
  const benchTenant = randomUUID();
  sqlite.transaction(() => {
    const tenantIds = Array.from({ length: size.tenants }, (_, index) => {
      const id = randomUUID();
      insertTenant.run(id, `Tenant ${index}`);
      return id;
    });
    for (let index = 0; index < size.users; index++) {
      const email = `user-${index}@tenant-${index % size.tenants}.test`;
      insertUser.run(randomUUID(), tenantIds[index % size.tenants], email, email, `User ${index}`, "member", passwordHash);
    }
    insertTenant.run(benchTenant, "Bench Co");
    const adminId = randomUUID();
    insertUser.run(adminId, benchTenant, BENCH_ADMIN, BENCH_ADMIN, "Bench Admin", "admin", passwordHash);
    for (let index = 0; index < SSO_USER_COUNT; index++) {
      insertUser.run(randomUUID(), benchTenant, ssoUserEmail(index), ssoUserEmail(index), `SSO User ${index}`, "member", passwordHash);
    }
    const keys = { currentKeyId: encryption.keyId, keys: new Map([[encryption.keyId, encryption.key]]) };
    const sealed = sealClientSecret(idp.clientSecret, benchTenant, keys);
    sqlite
      .prepare(
        "insert into sso_configs (tenant_id, display_name, issuer, client_id, client_secret_sealed, client_secret_key_id, enforce, updated_at) values (?, 'Local IdP', ?, ?, ?, ?, 0, ?)",
      )
      .run(benchTenant, idp.issuer, idp.clientId, sealed.sealed, sealed.keyId, Date.now());
  })();
  sqlite.close();
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
    seed: (path: string, size: { users: number; tenants: number }) =>
      seedBenchDatabase(path, size, { issuer: idp.issuer, ...client }, encryption),
  };
}
