import type { KeysStore, NewDataKey, Reseal } from "@jams/db";
import { openClientSecret, SecretOpenError, sealClientSecret } from "../sso/client-secret-crypto.ts";
import { loadDataKeyRing, unwrapDataKey, wrapNewDataKey } from "./data-key-ring.ts";
import type { KeyRing } from "./key-ring.ts";
import type { KeyWrapper } from "./key-wrapper.ts";

/** A secret that cannot be opened stops a rotation before anything changes; the operator learns whose. */
export class RotationError extends Error {
  override name = "RotationError";
}

/** Opens each secret with any key of `ring` and seals it under the ring's current key, bound to its tenant, issuer and client id. */
export function resealUnder(ring: KeyRing): Reseal {
  return (secret) => {
    try {
      const binding = { tenantId: secret.tenantId, issuer: secret.issuer, clientId: secret.clientId };
      return sealClientSecret(openClientSecret(secret, binding, ring), binding, ring);
    } catch (error) {
      if (error instanceof SecretOpenError) {
        throw new RotationError(`Cannot open the client secret of tenant ${secret.tenantId} (${error.message}); nothing was changed`);
      }
      throw error;
    }
  };
}

/**
 * `keys:rewrap`, after the Key Vault key was rotated: unwraps every data key with the version
 * that wrapped it and wraps it with the key's current version, then records them all in one
 * transaction. Afterwards no data key needs an older version, which may then be disabled.
 */
export async function rewrapDataKeys(store: KeysStore, wrapper: KeyWrapper): Promise<{ kid: string; rewrapped: number; total: number }> {
  const kid = await wrapper.currentKid();
  const stored = await store.listDataKeys();
  const rewrapped: NewDataKey[] = [];
  for (const key of stored.filter((candidate) => candidate.wrappingKeyId !== kid)) {
    const wrapped = await wrapper.wrap(kid, await unwrapDataKey(wrapper, key));
    rewrapped.push({ keyId: key.keyId, wrappedKey: Buffer.from(wrapped).toString("base64url"), wrappingKeyId: kid });
  }
  return { kid, rewrapped: await store.rewrapDataKeys(rewrapped), total: stored.length };
}

/**
 * `keys:rotate` with Azure Key Vault: a new data key becomes current, every client secret is
 * resealed under it, and the old data keys are deleted, in one transaction. Running instances
 * load the new key the first time they meet a secret sealed under it (`KeyRing.refresh`).
 */
export async function rotateDataKey(
  store: KeysStore,
  wrapper: KeyWrapper,
  environmentKeys?: ReadonlyMap<string, Uint8Array>,
): Promise<{ keyId: string; resealed: number; deleted: number }> {
  const ring = await loadDataKeyRing(store, wrapper, environmentKeys);
  const { dataKey, record } = await wrapNewDataKey(wrapper);
  const rotated: KeyRing = { currentKeyId: record.keyId, keys: new Map([...ring.keys, [record.keyId, dataKey]]) };
  return { keyId: record.keyId, ...(await store.rotateDataKey(record, resealUnder(rotated))) };
}
