/**
 * The AES-256 keys that seal client secrets, by key id: `currentKeyId` seals, every listed key
 * opens. They come from the environment (`SSO_ENCRYPTION_KEY`) or, with Azure Key Vault, are the
 * unwrapped data keys (SPEC §11).
 */
export interface KeyRing {
  readonly currentKeyId: string;
  readonly keys: ReadonlyMap<string, Uint8Array>;
  /**
   * Loads keys added since the ring was built (another instance rotated the data key). Absent when
   * the keys come from the environment: those change only with a restart.
   */
  refresh?(): Promise<void>;
}
