import { openStore, type Store } from "@jams/db";
import { driveBrowserlessLogin, type LocalIdp } from "@jams/local-idp";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type DataKeyRing, loadDataKeyRing } from "../keys/data-key-ring.ts";
import { rotateDataKey } from "../keys/data-key-rotation.ts";
import type { KeyRing } from "../keys/key-ring.ts";
import { LocalKeyWrapper } from "../test-support/local-key-wrapper.ts";
import { beginSso, finishSso, ssoErrorOf, ssoTenant, startIdpFor } from "../test-support/sso-harness.ts";
import { createTestApp, type TestApp } from "../test-support/test-app.ts";

let t: TestApp;
let idp: LocalIdp;
let wrapper: LocalKeyWrapper;
/** This instance's data keys, loaded once its database exists. */
let ring: DataKeyRing;
/** Another instance on the same database, which runs `keys:rotate`. */
let other: Store;

/** The app's key ring: the data keys loaded below, once the app's database exists. */
const appRing: KeyRing = {
  get currentKeyId() {
    return ring.currentKeyId;
  },
  get keys() {
    return ring.keys;
  },
  refresh: () => ring.refresh(),
};

beforeEach(async () => {
  t = await createTestApp({ ssoEncryptionKeys: appRing, keyProvider: { kind: "azure-key-vault", keyId: "https://kv.test/keys/kek" } });
  wrapper = new LocalKeyWrapper();
  ring = await loadDataKeyRing(t.store.keys, wrapper);
  other = await openStore(t.config.database, { poolMax: 2 });
  idp = await startIdpFor(t, [{ email: "admin@acme.com" }]);
});
afterEach(async () => {
  await idp.close();
  await other.close();
  await t.close();
});

async function signInThroughIdp(email: string) {
  const start = await beginSso(t, email);
  const callbackUrl = await driveBrowserlessLogin(start.location.toString(), email);
  return (await finishSso(t, callbackUrl, start.cookie)).location;
}

describe("SSO sign-in after another instance rotated the client-secret data key", () => {
  it("reloads the data keys once, unwrapping only the new one, then signs in", async () => {
    await ssoTenant(t, idp);
    const { keyId } = await rotateDataKey(other.keys, wrapper);
    expect(ring.keys.has(keyId)).toBe(false);
    wrapper.unwraps.length = 0;
    expect((await signInThroughIdp("admin@acme.com")).pathname).toBe("/login/sso");
    expect(wrapper.unwraps).toHaveLength(1);
    expect(ring.currentKeyId).toBe(keyId);
    expect((await signInThroughIdp("admin@acme.com")).pathname).toBe("/login/sso");
    expect(wrapper.unwraps).toHaveLength(1);
  });

  it("fails as sso_idp_unavailable, not as a bad secret, when the vault refuses the reload", async () => {
    await ssoTenant(t, idp);
    await rotateDataKey(other.keys, wrapper);
    wrapper.disable(await wrapper.currentKid());
    expect(ssoErrorOf(await signInThroughIdp("admin@acme.com"))).toBe("sso_idp_unavailable");
    expect(t.logs.join("\n")).toContain("the client-secret keys cannot be reloaded: Cannot unwrap with");
  });

  it("seals a secret saved after a rotation under the new data key", async () => {
    await ssoTenant(t, idp);
    const { keyId } = await rotateDataKey(other.keys, wrapper);
    await ssoTenant(t, idp, "ann@globex.com", "Globex");
    const [row] = await t.sql<{ keyId: string }>(
      `select s.client_secret_key_id as "keyId" from sso_configs s join users u on u.tenant_id = s.tenant_id where u.email = ?`,
      "ann@globex.com",
    );
    expect(row?.keyId).toBe(keyId);
  });
});
