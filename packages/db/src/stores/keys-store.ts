import { all, type Executor, get, lockTable, run, type Script } from "../sql/script.ts";
import type { SealedClientSecret } from "./sso-store.ts";

/**
 * A data key as stored: only wrapped by a Key Vault key, never in the clear (SPEC §11). Its
 * `keyId` is the fingerprint sealed client secrets record, as for keys from the environment.
 */
export interface DataKey {
  keyId: string;
  /** The data key wrapped with RSA-OAEP-256, base64url. */
  wrappedKey: string;
  /** The full Key Vault key identifier, version included, that wrapped it: the one to unwrap it with. */
  wrappingKeyId: string;
  isCurrent: boolean;
  createdAt: number;
}

export type NewDataKey = Pick<DataKey, "keyId" | "wrappedKey" | "wrappingKeyId">;

/** A tenant's sealed client secret and what it is bound to, as `resealClientSecrets` hands it over. */
export interface TenantClientSecret extends SealedClientSecret {
  tenantId: string;
  issuer: string;
  clientId: string;
}

/** Opens a sealed secret and seals it again under the current key; synchronous, as it runs inside a transaction. */
export type Reseal = (secret: TenantClientSecret) => SealedClientSecret;

export interface KeysStore {
  /** Every data key, the current one first. */
  listDataKeys(): Promise<DataKey[]>;
  /**
   * Stores `key` as the current data key unless one already is, and returns the keys after. Several
   * instances starting at once on an empty table each offer one; the table lock lets exactly one in,
   * and every instance then loads that one.
   */
  addFirstDataKey(key: NewDataKey): Promise<DataKey[]>;
  /** Records data keys wrapped anew (by a newer Key Vault key version), all or nothing; returns how many still existed. */
  rewrapDataKeys(rewrapped: NewDataKey[]): Promise<number>;
  /** Reseals every saved client secret with `reseal`, all or nothing; returns how many. */
  resealClientSecrets(reseal: Reseal): Promise<number>;
  /**
   * Makes `key` the current data key, reseals every client secret under it and deletes the data keys
   * no secret names any more, all or nothing.
   */
  rotateDataKey(key: NewDataKey, reseal: Reseal): Promise<{ resealed: number; deleted: number }>;
}

type DataKeyRow = Omit<DataKey, "isCurrent"> & { isCurrent: boolean | number };

function* listDataKeys(): Script<DataKey[]> {
  const rows = yield* all<DataKeyRow>(
    `select key_id as "keyId", wrapped_key as "wrappedKey", wrapping_key_id as "wrappingKeyId", is_current as "isCurrent",
       created_at as "createdAt"
     from data_keys order by is_current desc, created_at, key_id`,
  );
  return rows.map((row) => ({ ...row, isCurrent: Boolean(row.isCurrent) }));
}

function* insertDataKey(key: NewDataKey): Script<void> {
  yield* run(
    "insert into data_keys (key_id, wrapped_key, wrapping_key_id, is_current) values (?, ?, ?, ?)",
    key.keyId,
    key.wrappedKey,
    key.wrappingKeyId,
    true,
  );
}

/**
 * Reseals each secret. The update only applies while the row still holds the secret that was read,
 * so a secret an admin saves meanwhile is never overwritten with the old one.
 */
function* resealClientSecrets(reseal: Reseal): Script<number> {
  const secrets = yield* all<TenantClientSecret>(
    `select tenant_id as "tenantId", issuer, client_id as "clientId", client_secret_sealed as "sealed", client_secret_key_id as "keyId"
     from sso_configs where client_secret_sealed is not null and client_secret_key_id is not null`,
  );
  let resealed = 0;
  for (const secret of secrets) {
    const next = reseal(secret);
    resealed += yield* run(
      "update sso_configs set client_secret_sealed = ?, client_secret_key_id = ? where tenant_id = ? and client_secret_sealed = ?",
      next.sealed,
      next.keyId,
      secret.tenantId,
      secret.sealed,
    );
  }
  return resealed;
}

export function keysStore(db: Executor): KeysStore {
  return {
    listDataKeys: () => db.run(listDataKeys()),

    addFirstDataKey: (key) =>
      db.transaction(function* () {
        yield* lockTable("data_keys");
        const current = yield* get<{ keyId: string }>(`select key_id as "keyId" from data_keys where is_current`);
        if (!current) yield* insertDataKey(key);
        return yield* listDataKeys();
      }),

    rewrapDataKeys: (rewrapped) =>
      db.transaction(function* () {
        let updated = 0;
        for (const key of rewrapped) {
          updated += yield* run(
            "update data_keys set wrapped_key = ?, wrapping_key_id = ? where key_id = ?",
            key.wrappedKey,
            key.wrappingKeyId,
            key.keyId,
          );
        }
        return updated;
      }),

    resealClientSecrets: (reseal) => db.transaction(() => resealClientSecrets(reseal)),

    rotateDataKey: (key, reseal) =>
      db.transaction(function* () {
        yield* lockTable("data_keys");
        yield* run("update data_keys set is_current = ? where is_current", false);
        yield* insertDataKey(key);
        const resealed = yield* resealClientSecrets(reseal);
        const deleted = yield* run(
          `delete from data_keys where not is_current
             and key_id not in (select client_secret_key_id from sso_configs where client_secret_key_id is not null)`,
        );
        return { resealed, deleted };
      }),
  };
}
