import { randomBytes } from "node:crypto";
import { openStore } from "@jams/db";
import { createTestDatabase } from "@jams/db/test-support";
import { describe, expect, it } from "vitest";
import { createAzureKeyWrapper } from "./azure-key-wrapper.ts";
import { loadDataKeyRing } from "./data-key-ring.ts";

/**
 * Opt-in: runs only when `AZURE_KEY_VAULT_LIVE_KEY_ID` names a real Key Vault key this machine
 * may use (DefaultAzureCredential: `az login`, a service principal's AZURE_* variables or a
 * managed identity), e.g. `AZURE_KEY_VAULT_LIVE_KEY_ID=https://<vault>.vault.azure.net/keys/<name> npx vitest run <this file>`.
 * Without it the tests are reported as skipped: neither passed nor failed.
 */
const liveKeyId = process.env.AZURE_KEY_VAULT_LIVE_KEY_ID;

describe.skipIf(!liveKeyId)("a real Azure Key Vault (skipped unless AZURE_KEY_VAULT_LIVE_KEY_ID is set)", () => {
  it("wraps a data key with the key's current version and unwraps it with the recorded versioned id", async () => {
    const wrapper = createAzureKeyWrapper(liveKeyId as string);
    const kid = await wrapper.currentKid();
    expect(kid.startsWith(`${new URL(liveKeyId as string).origin}/keys/`)).toBe(true);
    expect(new URL(kid).pathname.split("/")).toHaveLength(4);
    const dataKey = new Uint8Array(randomBytes(32));
    const wrapped = await wrapper.wrap(kid, dataKey);
    expect(new Uint8Array(await wrapper.unwrap(kid, wrapped))).toEqual(dataKey);
  });

  it("creates the first data key on an empty database and loads the same one at the next start", async () => {
    const database = await createTestDatabase();
    const store = await openStore(database.location, { poolMax: 2 });
    try {
      const first = await loadDataKeyRing(store.keys, createAzureKeyWrapper(liveKeyId as string));
      const next = await loadDataKeyRing(store.keys, createAzureKeyWrapper(liveKeyId as string));
      expect(next.currentKeyId).toBe(first.currentKeyId);
      expect(next.keys.get(next.currentKeyId)).toEqual(first.keys.get(first.currentKeyId));
    } finally {
      await store.close();
      await database.drop();
    }
  });
});
