import { openStore, type Store } from "@jams/db";
import { createTestDatabase, sqlOf, type TestDatabase } from "@jams/db/test-support";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { keyIdOf } from "../env.ts";
import { LocalKeyWrapper } from "../test-support/local-key-wrapper.ts";
import { loadDataKeyRing } from "./data-key-ring.ts";
import { rotateDataKey } from "./data-key-rotation.ts";
import { KeyWrapperError } from "./key-wrapper.ts";

let database: TestDatabase;
/** Two instances' stores on one database. */
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

interface DataKeyRow {
  keyId: string;
  wrappedKey: string;
  wrappingKeyId: string;
}

const rows = () =>
  sqlOf(store)<DataKeyRow>(`select key_id as "keyId", wrapped_key as "wrappedKey", wrapping_key_id as "wrappingKeyId" from data_keys`);

describe("client-secret data keys wrapped by a vault key (SPEC §11)", () => {
  it("generates one data key on first start and stores it only wrapped, beside the versioned key id that wrapped it", async () => {
    const ring = await loadDataKeyRing(store.keys, wrapper);
    const dataKey = ring.keys.get(ring.currentKeyId) as Uint8Array;
    expect(dataKey).toHaveLength(32);
    expect(ring.currentKeyId).toBe(keyIdOf(dataKey));
    const stored = await rows();
    expect(stored).toEqual([{ keyId: ring.currentKeyId, wrappedKey: expect.any(String), wrappingKeyId: await wrapper.currentKid() }]);
    expect(Buffer.from(stored[0]?.wrappedKey ?? "", "base64url")).toHaveLength(256);
    for (const encoding of ["base64", "base64url", "hex"] as const) {
      expect(JSON.stringify(stored)).not.toContain(Buffer.from(dataKey).toString(encoding));
    }
  });

  it("loads the same data key on the next start, with one unwrap by the recorded key version", async () => {
    const first = await loadDataKeyRing(store.keys, wrapper);
    wrapper.unwraps.length = 0;
    const next = await loadDataKeyRing(second.keys, wrapper);
    expect(next.currentKeyId).toBe(first.currentKeyId);
    expect(next.keys.get(next.currentKeyId)).toEqual(first.keys.get(first.currentKeyId));
    expect(wrapper.unwraps).toEqual([(await rows())[0]?.wrappingKeyId]);
  });

  it("ends with one current data key, the same for both, when two instances start together on an empty table", async () => {
    for (let round = 0; round < 5; round++) {
      await sqlOf(store)("delete from data_keys");
      const [a, b] = await Promise.all([loadDataKeyRing(store.keys, wrapper), loadDataKeyRing(second.keys, wrapper)]);
      expect(a.currentKeyId).toBe(b.currentKeyId);
      expect(a.keys.get(a.currentKeyId)).toEqual(b.keys.get(b.currentKeyId));
      expect((await rows()).map((row) => row.keyId)).toEqual([a.currentKeyId]);
    }
  });

  it("unwraps with the version that wrapped the data key after the vault key was rotated", async () => {
    const first = await loadDataKeyRing(store.keys, wrapper);
    const wrappedBy = await wrapper.currentKid();
    wrapper.rotate();
    wrapper.unwraps.length = 0;
    const next = await loadDataKeyRing(second.keys, wrapper);
    expect(next.currentKeyId).toBe(first.currentKeyId);
    expect(wrapper.unwraps).toEqual([wrappedBy]);
  });

  it("refuses to start when the vault cannot unwrap, naming the key version", async () => {
    await loadDataKeyRing(store.keys, wrapper);
    const wrappedBy = await wrapper.currentKid();
    wrapper.disable(wrappedBy);
    const failure = loadDataKeyRing(second.keys, wrapper);
    await expect(failure).rejects.toBeInstanceOf(KeyWrapperError);
    await expect(failure).rejects.toThrow(`Cannot unwrap with ${wrappedBy}`);
  });

  it("refuses a stored data key that unwraps to another key than its id names", async () => {
    await loadDataKeyRing(store.keys, wrapper);
    await sqlOf(store)("update data_keys set key_id = 'forged'");
    await expect(loadDataKeyRing(second.keys, wrapper)).rejects.toThrow(/^Data key forged unwrapped with .* to a different key$/);
  });

  it("reloads once, one unwrap for the new key only, when another instance rotated the data key", async () => {
    const running = await loadDataKeyRing(store.keys, wrapper);
    const before = running.currentKeyId;
    const { keyId } = await rotateDataKey(second.keys, wrapper);
    expect(running.keys.has(keyId)).toBe(false);
    wrapper.unwraps.length = 0;
    await Promise.all([running.refresh(), running.refresh()]);
    expect(running.currentKeyId).toBe(keyId);
    expect(running.keys.has(before)).toBe(true);
    expect(wrapper.unwraps).toEqual([await wrapper.currentKid()]);
  });
});
