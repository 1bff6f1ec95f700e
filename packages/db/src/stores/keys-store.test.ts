import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openStore } from "../open-store.ts";
import type { Store } from "../store.ts";
import { createTestDatabase, sqlOf, type TestDatabase } from "../test-support/test-database.ts";
import type { NewDataKey, Reseal } from "./keys-store.ts";

let database: TestDatabase;
let store: Store;
let second: Store;
beforeEach(async () => {
  database = await createTestDatabase();
  store = await openStore(database.location, { poolMax: 8 });
  second = await openStore(database.location, { poolMax: 8 });
});
afterEach(async () => {
  await store.close();
  await second.close();
  await database.drop();
});

const dataKey = (keyId: string, wrappingKeyId = "https://kv.test/keys/kek/v1"): NewDataKey => ({
  keyId,
  wrappedKey: `wrapped-${keyId}`,
  wrappingKeyId,
});

/** A tenant whose SSO config holds a sealed secret naming `keyId`. */
async function tenantWithSecret(email: string, sealed: string, keyId: string): Promise<string> {
  const created = await store.accounts.createWorkspace({ workspaceName: "Acme", name: "Ann", email, passwordHash: "x" }, null);
  if (!created) throw new Error("workspace not created");
  const { tenantId, id: actorUserId } = created.user;
  await store.sso.saveConfig({
    tenantId,
    actorUserId,
    displayName: "IdP",
    issuer: "https://idp.test",
    clientId: "client",
    clientSecret: { sealed, keyId },
    idpKind: null,
    clientSecretExpiresAt: null,
  });
  return tenantId;
}

const secrets = () =>
  sqlOf(store)<{ sealed: string; keyId: string }>(
    `select client_secret_sealed as "sealed", client_secret_key_id as "keyId" from sso_configs order by client_secret_sealed`,
  );

const toK2: Reseal = (secret) => ({ sealed: `${secret.sealed}@k2`, keyId: "k2" });

describe(`the data keys store (${process.env.TEST_POSTGRES_URL ? "PostgreSQL" : "SQLite"})`, () => {
  it("lets exactly one of several instances starting together on an empty table make its data key current", async () => {
    for (let round = 0; round < 10; round++) {
      await sqlOf(store)("delete from data_keys");
      const offered = Array.from({ length: 6 }, (_, index) => dataKey(`r${round}-${index}`));
      const seen = await Promise.all(offered.map((key, index) => (index % 2 ? second : store).keys.addFirstDataKey(key)));
      const stored = await store.keys.listDataKeys();
      expect(stored).toHaveLength(1);
      expect(stored[0]?.isCurrent).toBe(true);
      for (const keys of seen) expect(keys).toEqual(stored);
    }
  });

  it("keeps the current data key when one is offered later", async () => {
    await store.keys.addFirstDataKey(dataKey("k1"));
    const after = await store.keys.addFirstDataKey(dataKey("k2"));
    expect(after.map((key) => [key.keyId, key.isCurrent])).toEqual([["k1", true]]);
  });

  it("records rewrapped data keys with the version that wrapped them", async () => {
    await store.keys.addFirstDataKey(dataKey("k1"));
    const updated = await store.keys.rewrapDataKeys([dataKey("k1", "https://kv.test/keys/kek/v2"), dataKey("gone")]);
    expect(updated).toBe(1);
    expect(await store.keys.listDataKeys()).toMatchObject([
      { keyId: "k1", wrappedKey: "wrapped-k1", wrappingKeyId: "https://kv.test/keys/kek/v2", isCurrent: true },
    ]);
  });

  it("rotates: the new data key becomes current, every secret is resealed under it, the old key is deleted", async () => {
    await store.keys.addFirstDataKey(dataKey("k1"));
    await tenantWithSecret("ann@acme.com", "s-ann", "k1");
    await tenantWithSecret("bob@globex.com", "s-bob", "k1");
    const outcome = await store.keys.rotateDataKey(dataKey("k2"), toK2);
    expect(outcome).toEqual({ resealed: 2, deleted: 1 });
    expect(await secrets()).toEqual([
      { sealed: "s-ann@k2", keyId: "k2" },
      { sealed: "s-bob@k2", keyId: "k2" },
    ]);
    expect((await store.keys.listDataKeys()).map((key) => [key.keyId, key.isCurrent])).toEqual([["k2", true]]);
  });

  it("changes nothing when a secret cannot be resealed during a rotation", async () => {
    await store.keys.addFirstDataKey(dataKey("k1"));
    await tenantWithSecret("ann@acme.com", "s-ann", "k1");
    const refuse: Reseal = () => {
      throw new Error("cannot open");
    };
    await expect(store.keys.rotateDataKey(dataKey("k2"), refuse)).rejects.toThrow("cannot open");
    expect((await store.keys.listDataKeys()).map((key) => [key.keyId, key.isCurrent])).toEqual([["k1", true]]);
    expect(await secrets()).toEqual([{ sealed: "s-ann", keyId: "k1" }]);
  });

  it("reseals every secret at once, leaving the data keys alone", async () => {
    await store.keys.addFirstDataKey(dataKey("k1"));
    await tenantWithSecret("ann@acme.com", "s-ann", "env-old");
    expect(await store.keys.resealClientSecrets(toK2)).toBe(1);
    expect(await secrets()).toEqual([{ sealed: "s-ann@k2", keyId: "k2" }]);
    expect((await store.keys.listDataKeys()).map((key) => key.keyId)).toEqual(["k1"]);
  });
});
