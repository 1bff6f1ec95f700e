import { generateKeyPair, randomBytes } from "node:crypto";
import type { JWK } from "oidc-provider";

/** Generates a fresh RS256 private signing key as a JWK with a random `kid`. */
export function generateSigningKey(): Promise<JWK> {
  return new Promise((resolve, reject) => {
    generateKeyPair("rsa", { modulusLength: 2048 }, (error, _publicKey, privateKey) => {
      if (error) {
        reject(error);
        return;
      }
      const jwk = privateKey.export({ format: "jwk" });
      resolve({ ...jwk, kid: randomBytes(12).toString("base64url"), alg: "RS256", use: "sig" });
    });
  });
}

/** Random secrets for oidc-provider's signed cookies. */
export function generateCookieKeys(count = 2): string[] {
  return Array.from({ length: count }, () => randomBytes(32).toString("base64url"));
}
