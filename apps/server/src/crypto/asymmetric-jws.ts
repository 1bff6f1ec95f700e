import { constants, KeyObject, verify, type webcrypto } from "node:crypto";

/** How node:crypto checks each JWS algorithm (RFC 7518 §3): digest, and padding or signature encoding. */
const VERIFIERS: Record<string, { digest: string | null; options: { padding?: number; saltLength?: number; dsaEncoding?: "ieee-p1363" } }> =
  {
    RS256: { digest: "sha256", options: {} },
    RS384: { digest: "sha384", options: {} },
    RS512: { digest: "sha512", options: {} },
    PS256: { digest: "sha256", options: { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 } },
    PS384: { digest: "sha384", options: { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 48 } },
    PS512: { digest: "sha512", options: { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 64 } },
    ES256: { digest: "sha256", options: { dsaEncoding: "ieee-p1363" } },
    ES384: { digest: "sha384", options: { dsaEncoding: "ieee-p1363" } },
    ES512: { digest: "sha512", options: { dsaEncoding: "ieee-p1363" } },
    EdDSA: { digest: null, options: {} },
    Ed25519: { digest: null, options: {} },
  };

const keyObjects = new WeakMap<webcrypto.CryptoKey, KeyObject>();

/** The node:crypto form of a key jose selected and imported, converted once. */
function keyObjectOf(key: webcrypto.CryptoKey): KeyObject {
  let keyObject = keyObjects.get(key);
  if (!keyObject) {
    keyObject = KeyObject.from(key);
    keyObjects.set(key, keyObject);
  }
  return keyObject;
}

/**
 * Checks a compact JWS's signature with node:crypto — about a third of the CPU of the same check
 * through WebCrypto — using the key jose chose for it (its kid, kty and alg rules). False for an
 * algorithm outside RFC 7518's asymmetric ones or a signature that does not verify.
 */
export function isValidAsymmetricSignature(jws: string, alg: string, key: webcrypto.CryptoKey): boolean {
  const verifier = VERIFIERS[alg];
  const lastDot = jws.lastIndexOf(".");
  if (!verifier || lastDot <= 0) return false;
  const signingInput = Buffer.from(jws.slice(0, lastDot));
  const signature = Buffer.from(jws.slice(lastDot + 1), "base64url");
  try {
    return verify(verifier.digest, signingInput, { key: keyObjectOf(key), ...verifier.options }, signature);
  } catch {
    return false;
  }
}
