import { randomBytes } from "node:crypto";
import { CredentialUnavailableError } from "@azure/identity";
import { storePerTest } from "@jams/db/test-support";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type KeyVaultStandIn, startKeyVaultStandIn } from "../test-support/key-vault-stand-in.ts";
import { createAzureKeyWrapper } from "./azure-key-wrapper.ts";
import { loadDataKeyRing } from "./data-key-ring.ts";
import { rewrapDataKeys } from "./data-key-rotation.ts";
import { KeyWrapperError } from "./key-wrapper.ts";

let standIn: KeyVaultStandIn;
let v1: string;

beforeEach(async () => {
  standIn = await startKeyVaultStandIn();
  v1 = standIn.addVersion("kek");
});
afterEach(async () => {
  await standIn.close();
});

/** The real SDK against the stand-in's plain-http vault (the production path through HTTPS is e2e/src/key-vault.test.ts). */
const wrapperFor = (name = "kek", credential = standIn.credential) =>
  createAzureKeyWrapper(`${standIn.origin}/keys/${name}`, credential, standIn.clientOptions);

const vaultCalls = () => standIn.requests.map((request) => `${request.status} ${request.method} ${request.path}`);

describe("the Azure Key Vault key wrapper (real SDK, stand-in vault)", () => {
  it("resolves the latest version, then wraps and unwraps with RSA-OAEP-256 in the vault, each client answering the bearer challenge first", async () => {
    const wrapper = wrapperFor();
    const kid = await wrapper.currentKid();
    expect(kid).toBe(`${standIn.origin}/keys/kek/${v1}`);
    const dataKey = new Uint8Array(randomBytes(32));
    const wrapped = await wrapper.wrap(kid, dataKey);
    expect(wrapped).toHaveLength(256);
    expect(new Uint8Array(await wrapper.unwrap(kid, wrapped))).toEqual(dataKey);
    expect(vaultCalls()).toEqual([
      "401 GET /keys/kek/",
      "200 GET /keys/kek/",
      `401 GET /keys/kek/${v1}`,
      `200 GET /keys/kek/${v1}`,
      `200 POST /keys/kek/${v1}/wrapkey`,
      `200 POST /keys/kek/${v1}/unwrapkey`,
    ]);
    expect(standIn.requests.filter((request) => request.status === 401).every((request) => !request.hasToken)).toBe(true);
  });

  it("uses a configured version as it is, without asking the vault for the latest", async () => {
    const pinned = createAzureKeyWrapper(`${standIn.origin}/keys/kek/${v1}`, standIn.credential, standIn.clientOptions);
    standIn.addVersion("kek");
    expect(await pinned.currentKid()).toBe(`${standIn.origin}/keys/kek/${v1}`);
    expect(standIn.requests).toEqual([]);
  });

  it("names the vault's refusal to unwrap, with its status and message", async () => {
    const wrapper = wrapperFor();
    const kid = await wrapper.currentKid();
    const wrapped = await wrapper.wrap(kid, randomBytes(32));
    standIn.refused.add("unwrapkey");
    const failure = wrapper.unwrap(kid, wrapped);
    await expect(failure).rejects.toBeInstanceOf(KeyWrapperError);
    await expect(failure).rejects.toThrow(
      `Cannot unwrap the client-secret data key with Azure Key Vault key ${kid}: Forbidden (403): ` +
        "The user, group or application 'appid=stand-in;oid=stand-in' does not have keys unwrapKey permission on key vault 'stand-in'.",
    );
  });

  it("names a key the vault does not have", async () => {
    await expect(wrapperFor("nope").currentKid()).rejects.toThrow(
      `Cannot read Azure Key Vault key ${standIn.origin}/keys/nope: KeyNotFound (404): A key with (name/id) nope was not found in this key vault.`,
    );
  });

  it("names a credential that cannot get a token", async () => {
    const noIdentity = {
      getToken: async () => {
        throw new CredentialUnavailableError("ManagedIdentityCredential: Unable to load the proper Managed Identity.");
      },
    };
    await expect(wrapperFor("kek", noIdentity).currentKid()).rejects.toThrow(
      `Cannot read Azure Key Vault key ${standIn.origin}/keys/kek: no Azure token: ManagedIdentityCredential: Unable to load the proper Managed Identity.`,
    );
  });

  it("names a vault it cannot reach", async () => {
    const unreachable = `${standIn.origin}/keys/kek`;
    await standIn.close();
    await expect(createAzureKeyWrapper(unreachable, standIn.credential, standIn.clientOptions).currentKid()).rejects.toThrow(
      /^Cannot read Azure Key Vault key http:\/\/127\.0\.0\.1:\d+\/keys\/kek: ECONNREFUSED: /,
    );
    standIn = await startKeyVaultStandIn();
  });
});

describe("data keys wrapped by an Azure Key Vault key (real SDK, stand-in vault)", () => {
  const opened = storePerTest();

  it("unwraps with the version that wrapped the data key, and keys:rewrap moves it to the latest version", async () => {
    const { store } = opened;
    const first = await loadDataKeyRing(store.keys, wrapperFor());
    const v2 = standIn.addVersion("kek");
    standIn.requests.length = 0;
    const { kid, rewrapped } = await rewrapDataKeys(store.keys, wrapperFor());
    expect({ kid, rewrapped }).toEqual({ kid: `${standIn.origin}/keys/kek/${v2}`, rewrapped: 1 });
    expect(vaultCalls().filter((call) => call.startsWith("200 POST"))).toEqual([
      `200 POST /keys/kek/${v1}/unwrapkey`,
      `200 POST /keys/kek/${v2}/wrapkey`,
    ]);
    standIn.requests.length = 0;
    const next = await loadDataKeyRing(store.keys, wrapperFor());
    expect(next.keys.get(next.currentKeyId)).toEqual(first.keys.get(first.currentKeyId));
    expect(vaultCalls().filter((call) => call.startsWith("200 POST"))).toEqual([`200 POST /keys/kek/${v2}/unwrapkey`]);
  });
});
