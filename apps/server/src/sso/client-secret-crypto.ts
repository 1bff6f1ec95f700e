import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { AppConfig } from "../config.ts";

type KeyRing = AppConfig["ssoEncryptionKeys"];

export interface SealedSecret {
  /** base64url of IV (12 bytes) ‖ ciphertext ‖ GCM tag (16 bytes). */
  sealed: string;
  keyId: string;
}

export class SecretOpenError extends Error {
  override name = "SecretOpenError";
}

/**
 * Seals a client secret with AES-256-GCM (NIST SP 800-38D): a random 96-bit IV per seal and
 * the tenant id as associated data, so a ciphertext copied to another tenant's row fails to open.
 */
export function sealClientSecret(secret: string, tenantId: string, keys: KeyRing): SealedSecret {
  const key = keys.keys.get(keys.currentKeyId);
  if (!key) throw new SecretOpenError("current encryption key is missing");
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(tenantId, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return { sealed: Buffer.concat([iv, ciphertext, cipher.getAuthTag()]).toString("base64url"), keyId: keys.currentKeyId };
}

/** Opens a sealed client secret; throws `SecretOpenError` on an unknown key, tampering or a foreign tenant. */
export function openClientSecret(sealed: SealedSecret, tenantId: string, keys: KeyRing): string {
  const key = keys.keys.get(sealed.keyId);
  if (!key) throw new SecretOpenError("unknown encryption key id");
  const bytes = Buffer.from(sealed.sealed, "base64url");
  if (bytes.length < 12 + 16) throw new SecretOpenError("sealed secret is truncated");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(0, 12));
    decipher.setAAD(Buffer.from(tenantId, "utf8"));
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    return Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretOpenError("sealed secret failed authentication");
  }
}
