import type { Store } from "@jams/db";
import type { AppConfig } from "../config.ts";
import { loadDataKeyRing } from "./data-key-ring.ts";
import type { KeyRing } from "./key-ring.ts";

/**
 * The keys that seal client secrets for `config.keyProvider` (SPEC §11): the environment's as
 * they are, or the data keys unwrapped with Azure Key Vault (created on first start). Throws
 * `KeyWrapperError` when the vault cannot be used; the server must not start without its keys.
 * The Azure SDK is loaded only when the vault is configured.
 */
export async function loadKeyRing(config: AppConfig, store: Store): Promise<KeyRing> {
  if (config.keyProvider.kind === "env") return config.ssoEncryptionKeys;
  const { createAzureKeyWrapper } = await import("./azure-key-wrapper.ts");
  return loadDataKeyRing(store.keys, createAzureKeyWrapper(config.keyProvider.keyId), config.ssoEncryptionKeys.keys);
}
