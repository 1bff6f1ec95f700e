import { randomBytes } from "node:crypto";
import { openStore, type Store } from "@jams/db";
import { createTestDatabase, sqlOf, type TestDatabase } from "@jams/db/test-support";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { keyIdOf } from "../env.ts";
import { openClientSecret, SecretOpenError, sealClientSecret } from "../sso/client-secret-crypto.ts";
import { LocalKeyWrapper } from "../test-support/local-key-wrapper.ts";
import { loadDataKeyRing } from "./data-key-ring.ts";
import { RotationError, resealUnder, rewrapDataKeys, rotateDataKey } from "./data-key-rotation.ts";
import type { KeyRing } from "./key-ring.ts";

let database: TestDatabase;
/** Two instances' stores on one database: one keeps running, the other runs the key commands. */
let store: Store;
let second: Store;
let wrapper: LocalKeyWrapper;

beforeEach(async () => {
  database = await createTestDatabase();
  store = await openStore(database.location, { poolMax: 4 });
  second = await openStore(database.location, { poolMax: 4 });
  wrapper = new LocalKeyWrapper();
});
afterEach(async () => {
  await store.close();
  await second.close();
  await database.drop();
});

/** A key ring as `SSO_ENCRYPTION_KEY` (first) and `SSO_ENCRYPTION_KEYS_PREVIOUS` (the rest) give it. */
function environmentRing(...keys: Uint8Array[]): KeyRing {
  return { currentKeyId: keyIdOf(keys[0] as Uint8Array), keys: new Map(keys.map((key) => [keyIdOf(key), key])) };
}

const newKey = () => new Uint8Array(randomBytes(32));

/** What every test tenant's secret is sealed for: its tenant, issuer and client id. */
const bindingOf = (tenantId: string) => ({ tenantId, issuer: "https://idp.test", clientId: "c" });

/** A tenant whose SSO config holds `secret` sealed under the ring's current key; returns its id. */
async function tenantWithSecret(ring: KeyRing, secret: string, email = "ann@acme.com"): Promise<string> {
  const created = await store.accounts.createWorkspace({ workspaceName: "Acme", name: "Ann", email, passwordHash: "x" }, null);
  if (!created) throw new Error("workspace not created");
  const { tenantId, id: actorUserId } = created.user;
  const clientSecret = sealClientSecret(secret, bindingOf(tenantId), ring);
  await store.sso.saveConfig({
    ...bindingOf(tenantId),
    actorUserId,
    displayName: "IdP",
    clientSecret,
    idpKind: null,
    clientSecretExpiresAt: null,
  });
  return tenantId;
}

async function sealedSecretOf(tenantId: string) {
  const config = await store.sso.findConfig(tenantId);
  return { sealed: config?.clientSecretSealed ?? "", keyId: config?.clientSecretKeyId ?? "" };
}

const dataKeyIds = async () => (await store.keys.listDataKeys()).map((key) => key.keyId);

describe("keys:rewrap (SPEC §11)", () => {
  it("wraps every data key with the vault key's latest version, after which the old version can be disabled", async () => {
    const ring = await loadDataKeyRing(store.keys, wrapper);
    const oldVersion = await wrapper.currentKid();
    const latest = wrapper.rotate();
    expect(await rewrapDataKeys(second.keys, wrapper)).toEqual({ kid: latest, rewrapped: 1, total: 1 });
    expect((await store.keys.listDataKeys()).map((key) => key.wrappingKeyId)).toEqual([latest]);
    wrapper.disable(oldVersion);
    wrapper.unwraps.length = 0;
    const next = await loadDataKeyRing(second.keys, wrapper);
    expect(next.keys.get(next.currentKeyId)).toEqual(ring.keys.get(ring.currentKeyId));
    expect(wrapper.unwraps).toEqual([latest]);
  });

  it("leaves data keys the latest version already wraps as they are", async () => {
    await loadDataKeyRing(store.keys, wrapper);
    const before = await store.keys.listDataKeys();
    expect(await rewrapDataKeys(store.keys, wrapper)).toEqual({ kid: await wrapper.currentKid(), rewrapped: 0, total: 1 });
    expect(await store.keys.listDataKeys()).toEqual(before);
  });
});

describe("keys:rotate (SPEC §11)", () => {
  it("makes a new data key current, reseals every secret under it, deletes the old one; a running instance opens them after one reload", async () => {
    const running = await loadDataKeyRing(store.keys, wrapper);
    const ann = await tenantWithSecret(running, "ann-s3cret");
    const bob = await tenantWithSecret(running, "bob-s3cret", "bob@globex.com");
    const outcome = await rotateDataKey(second.keys, wrapper);
    expect(outcome).toEqual({ keyId: expect.any(String), resealed: 2, deleted: 1 });
    expect(outcome.keyId).not.toBe(running.currentKeyId);
    expect(await dataKeyIds()).toEqual([outcome.keyId]);
    const annSecret = await sealedSecretOf(ann);
    expect(annSecret.keyId).toBe(outcome.keyId);
    expect(() => openClientSecret(annSecret, bindingOf(ann), running)).toThrow(SecretOpenError);
    await running.refresh();
    expect(openClientSecret(annSecret, bindingOf(ann), running)).toBe("ann-s3cret");
    expect(openClientSecret(await sealedSecretOf(bob), bindingOf(bob), running)).toBe("bob-s3cret");
  });

  it("moves secrets sealed under a key still given by the environment onto the new data key", async () => {
    const environmentKey = newKey();
    const tenantId = await tenantWithSecret(environmentRing(environmentKey), "s3cret");
    const environmentKeys = environmentRing(environmentKey).keys;
    const { keyId, resealed } = await rotateDataKey(store.keys, wrapper, environmentKeys);
    expect(resealed).toBe(1);
    const withoutEnvironment = await loadDataKeyRing(second.keys, wrapper);
    expect(withoutEnvironment.currentKeyId).toBe(keyId);
    expect(openClientSecret(await sealedSecretOf(tenantId), bindingOf(tenantId), withoutEnvironment)).toBe("s3cret");
  });

  it("changes nothing and names the tenant when a secret cannot be opened", async () => {
    await loadDataKeyRing(store.keys, wrapper);
    const before = await store.keys.listDataKeys();
    const tenantId = await tenantWithSecret(environmentRing(newKey()), "lost");
    const sealed = await sealedSecretOf(tenantId);
    const failure = rotateDataKey(second.keys, wrapper);
    await expect(failure).rejects.toBeInstanceOf(RotationError);
    await expect(failure).rejects.toThrow(
      `Cannot open the client secret of tenant ${tenantId} (unknown encryption key id); nothing was changed`,
    );
    expect(await store.keys.listDataKeys()).toEqual(before);
    expect(await sealedSecretOf(tenantId)).toEqual(sealed);
  });

  it("with keys from the environment, reseals every secret under the new SSO_ENCRYPTION_KEY so the old one can go", async () => {
    const [oldKey, currentKey] = [newKey(), newKey()];
    const tenantId = await tenantWithSecret(environmentRing(oldKey), "s3cret");
    const afterRestart = environmentRing(currentKey, oldKey);
    expect(await store.keys.resealClientSecrets(resealUnder(afterRestart))).toBe(1);
    const sealed = await sealedSecretOf(tenantId);
    expect(sealed.keyId).toBe(keyIdOf(currentKey));
    expect(openClientSecret(sealed, bindingOf(tenantId), environmentRing(currentKey))).toBe("s3cret");
    expect(await sqlOf(store)("select key_id from data_keys")).toEqual([]);
  });
});
