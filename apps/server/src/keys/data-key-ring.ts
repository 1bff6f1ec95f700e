import { randomBytes } from "node:crypto";
import type { DataKey, KeysStore, NewDataKey } from "@jams/db";
import { keyIdOf } from "../env.ts";
import type { KeyRing } from "./key-ring.ts";
import { type KeyWrapper, KeyWrapperError } from "./key-wrapper.ts";

/** A fresh AES-256 data key, wrapped by the vault key's current version, as the table stores it. */
export async function wrapNewDataKey(wrapper: KeyWrapper): Promise<{ dataKey: Uint8Array; record: NewDataKey }> {
  const dataKey = new Uint8Array(randomBytes(32));
  const kid = await wrapper.currentKid();
  const wrapped = await wrapper.wrap(kid, dataKey);
  return { dataKey, record: { keyId: keyIdOf(dataKey), wrappedKey: Buffer.from(wrapped).toString("base64url"), wrappingKeyId: kid } };
}

/** Unwraps a stored data key with exactly the key version recorded beside it, and checks it is the key its id names. */
export async function unwrapDataKey(wrapper: KeyWrapper, stored: DataKey): Promise<Uint8Array> {
  const dataKey = await wrapper.unwrap(stored.wrappingKeyId, Buffer.from(stored.wrappedKey, "base64url"));
  if (keyIdOf(dataKey) !== stored.keyId) {
    throw new KeyWrapperError(`Data key ${stored.keyId} unwrapped with ${stored.wrappingKeyId} to a different key`);
  }
  return new Uint8Array(dataKey);
}

/**
 * The client-secret keys of an instance using Azure Key Vault (SPEC §11): every data key,
 * unwrapped once and held in memory so a sign-in never waits on the vault, plus any keys the
 * environment still gives, which open secrets sealed before the switch until `keys:rotate`
 * reseals them.
 */
export class DataKeyRing implements KeyRing {
  readonly #keys: Map<string, Uint8Array>;
  #currentKeyId = "";
  #loading: Promise<void> | undefined;

  constructor(
    private readonly store: KeysStore,
    private readonly wrapper: KeyWrapper,
    environmentKeys: ReadonlyMap<string, Uint8Array> = new Map(),
  ) {
    this.#keys = new Map(environmentKeys);
  }

  get currentKeyId(): string {
    return this.#currentKeyId;
  }

  get keys(): ReadonlyMap<string, Uint8Array> {
    return this.#keys;
  }

  /** Reads the table again and unwraps only the keys not held yet; callers arriving meanwhile share the one load. */
  refresh(): Promise<void> {
    this.#loading ??= this.#load().finally(() => {
      this.#loading = undefined;
    });
    return this.#loading;
  }

  async #load(): Promise<void> {
    const stored = await this.store.listDataKeys();
    for (const key of stored) {
      if (!this.#keys.has(key.keyId)) this.#keys.set(key.keyId, await unwrapDataKey(this.wrapper, key));
    }
    const current = stored.find((key) => key.isCurrent);
    if (!current) throw new KeyWrapperError("No current client-secret data key is stored");
    this.#currentKeyId = current.keyId;
  }
}

/**
 * Loads the data keys at start. On an empty table this instance offers a new data key; when
 * several start at once the store keeps exactly one, and each loads that one. Every key is
 * unwrapped here, the new one too, so a missing unwrap permission stops the first start rather
 * than the second.
 */
export async function loadDataKeyRing(
  store: KeysStore,
  wrapper: KeyWrapper,
  environmentKeys?: ReadonlyMap<string, Uint8Array>,
): Promise<DataKeyRing> {
  if (!(await store.listDataKeys()).some((key) => key.isCurrent)) await store.addFirstDataKey((await wrapNewDataKey(wrapper)).record);
  const ring = new DataKeyRing(store, wrapper, environmentKeys);
  await ring.refresh();
  return ring;
}
