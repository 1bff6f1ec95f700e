import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { AppConfig } from "../config.ts";

type KeyRing = AppConfig["ssoEncryptionKeys"];

export interface SealedSecret {
  /** `v2.` + base64url of IV (12 bytes) ‖ ciphertext ‖ GCM tag (16 bytes); without the prefix, a secret sealed before v2. */
  sealed: string;
  keyId: string;
}

/** The IdP a client secret was given for: the only place it may ever be sent. */
export interface SecretBinding {
  tenantId: string;
  issuer: string;
  clientId: string;
}

export class SecretOpenError extends Error {
  override name = "SecretOpenError";
}

const VERSION_PREFIX = "v2.";

/** Tenant, issuer and client id, unambiguously joined: a ciphertext opens only for the exact IdP it was saved for. */
const associatedDataOf = (binding: SecretBinding) =>
  Buffer.from(JSON.stringify(["jams-imes client secret v2", binding.tenantId, binding.issuer, binding.clientId]), "utf8");

/**
 * Seals a client secret with AES-256-GCM (NIST SP 800-38D): a random 96-bit IV per seal, and the
 * tenant, issuer and client id as associated data, so a ciphertext copied to another tenant's row,
 * or left behind when the issuer or client id changes, fails to open.
 */
export function sealClientSecret(secret: string, binding: SecretBinding, keys: KeyRing): SealedSecret {
  const key = keys.keys.get(keys.currentKeyId);
  if (!key) throw new SecretOpenError("current encryption key is missing");
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(associatedDataOf(binding));
  const ciphertext = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return {
    sealed: `${VERSION_PREFIX}${Buffer.concat([iv, ciphertext, cipher.getAuthTag()]).toString("base64url")}`,
    keyId: keys.currentKeyId,
  };
}

/**
 * Opens a sealed client secret; throws `SecretOpenError` on an unknown key, tampering, or another
 * tenant, issuer or client id. A secret sealed before v2 (tenant id only as associated data) still
 * opens for its tenant; the next save seals it bound to its IdP.
 */
export function openClientSecret(sealed: SealedSecret, binding: SecretBinding, keys: KeyRing): string {
  const key = keys.keys.get(sealed.keyId);
  if (!key) throw new SecretOpenError("unknown encryption key id");
  const isBound = sealed.sealed.startsWith(VERSION_PREFIX);
  const bytes = Buffer.from(isBound ? sealed.sealed.slice(VERSION_PREFIX.length) : sealed.sealed, "base64url");
  if (bytes.length < 12 + 16) throw new SecretOpenError("sealed secret is truncated");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(0, 12));
    decipher.setAAD(isBound ? associatedDataOf(binding) : Buffer.from(binding.tenantId, "utf8"));
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    return Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretOpenError("sealed secret failed authentication");
  }
}
