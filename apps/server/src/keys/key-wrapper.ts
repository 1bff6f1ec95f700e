/**
 * Wraps data keys with a key that never leaves its vault (RSA-OAEP-256 with an Azure Key Vault
 * key in production). Key ids are versioned: a data key is unwrapped with exactly the version that
 * wrapped it, so rotating the vault key never strands one (SPEC §11).
 */
export interface KeyWrapper {
  /** The versioned id new wraps use: the configured version, else the key's latest. */
  currentKid(): Promise<string>;
  wrap(kid: string, dataKey: Uint8Array): Promise<Uint8Array>;
  unwrap(kid: string, wrappedKey: Uint8Array): Promise<Uint8Array>;
}

/** The vault refused or could not be reached; the message names the operation, the key and the cause, never key material. */
export class KeyWrapperError extends Error {
  override name = "KeyWrapperError";
}
