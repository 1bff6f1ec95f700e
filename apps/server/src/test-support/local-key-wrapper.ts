import { constants, generateKeyPairSync, type KeyObject, privateDecrypt, publicEncrypt, randomBytes } from "node:crypto";
import { type KeyWrapper, KeyWrapperError } from "../keys/key-wrapper.ts";

interface KeyVersion {
  publicKey: KeyObject;
  privateKey: KeyObject;
  isEnabled: boolean;
}

/** RSA-OAEP with SHA-256 and MGF1-SHA-256: what Key Vault calls RSA-OAEP-256. */
const oaep256 = (key: KeyObject) => ({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" });

/**
 * A Key Vault key for tests, held in this process: one RSA key pair per version, wrapping as Key
 * Vault's RSA-OAEP-256 does, with rotation and disabled versions. It records every unwrap by
 * versioned key id, so tests see which version opened a data key and how often the vault was asked.
 */
export class LocalKeyWrapper implements KeyWrapper {
  readonly #versions = new Map<string, KeyVersion>();
  #latest = "";
  readonly unwraps: string[] = [];

  constructor(readonly keyUrl = "https://kv.test/keys/kek") {
    this.rotate();
  }

  /** Adds a version and makes it the latest, as rotating the Key Vault key does; returns its kid. */
  rotate(): string {
    const kid = `${this.keyUrl}/${randomBytes(16).toString("hex")}`;
    this.#versions.set(kid, { ...generateKeyPairSync("rsa", { modulusLength: 2048 }), isEnabled: true });
    this.#latest = kid;
    return kid;
  }

  /** Disables a version: it can no longer wrap or unwrap, as in Key Vault. */
  disable(kid: string): void {
    const version = this.#versions.get(kid);
    if (version) version.isEnabled = false;
  }

  #version(kid: string, operation: string): KeyVersion {
    const version = this.#versions.get(kid);
    if (!version?.isEnabled) throw new KeyWrapperError(`Cannot ${operation} with ${kid}: the key version is unknown or disabled`);
    return version;
  }

  async currentKid(): Promise<string> {
    return this.#latest;
  }

  async wrap(kid: string, dataKey: Uint8Array): Promise<Uint8Array> {
    return publicEncrypt(oaep256(this.#version(kid, "wrap").publicKey), dataKey);
  }

  async unwrap(kid: string, wrappedKey: Uint8Array): Promise<Uint8Array> {
    this.unwraps.push(kid);
    return privateDecrypt(oaep256(this.#version(kid, "unwrap").privateKey), wrappedKey);
  }
}
