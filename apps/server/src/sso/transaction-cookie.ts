import { hkdf, type webcrypto } from "node:crypto";
import { EncryptJWT, jwtDecrypt } from "jose";
import { z } from "zod";

export const TRANSACTION_TTL_SECONDS = 5 * 60;

const transactionSchema = z.object({
  state: z.string().min(1),
  nonce: z.string().min(1),
  codeVerifier: z.string().min(43),
  tenantId: z.string().min(1),
  issuer: z.string().min(1),
  returnTo: z.string().nullable(),
});

/** What a login transaction remembers between `/auth/sso/start` and the callback. */
export type SsoTransaction = z.infer<typeof transactionSchema>;

const keyCache = new WeakMap<Uint8Array, Promise<webcrypto.CryptoKey>>();

/**
 * A key for sealing transactions, derived (HKDF, RFC 5869) from JWT_SECRET so it is never
 * reused as is, and imported into WebCrypto once.
 */
function transactionKey(jwtSecret: Uint8Array): Promise<webcrypto.CryptoKey> {
  let key = keyCache.get(jwtSecret);
  if (!key) {
    key = new Promise<ArrayBuffer>((resolve, reject) =>
      hkdf("sha256", jwtSecret, "", "jams-imes sso transaction v1", 32, (error, derived) => (error ? reject(error) : resolve(derived))),
    ).then((derived) => crypto.subtle.importKey("raw", derived, { name: "AES-GCM" }, false, ["encrypt", "decrypt"]));
    keyCache.set(jwtSecret, key);
  }
  return key;
}

/** Seals a transaction as an encrypted JWT (A256GCM), so the browser can neither read nor alter it. */
export async function sealTransaction(transaction: SsoTransaction, jwtSecret: Uint8Array): Promise<string> {
  return new EncryptJWT({ ...transaction })
    .setProtectedHeader({ alg: "dir", enc: "A256GCM" })
    .setIssuedAt()
    .setExpirationTime(`${TRANSACTION_TTL_SECONDS}s`)
    .encrypt(await transactionKey(jwtSecret));
}

/** Opens a sealed transaction; null when missing, forged, tampered with or older than 5 minutes. */
export async function openTransaction(sealed: string | undefined, jwtSecret: Uint8Array): Promise<SsoTransaction | null> {
  if (!sealed) return null;
  try {
    const { payload } = await jwtDecrypt(sealed, await transactionKey(jwtSecret), {
      keyManagementAlgorithms: ["dir"],
      contentEncryptionAlgorithms: ["A256GCM"],
      maxTokenAge: `${TRANSACTION_TTL_SECONDS}s`,
    });
    const parsed = transactionSchema.safeParse(payload);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
