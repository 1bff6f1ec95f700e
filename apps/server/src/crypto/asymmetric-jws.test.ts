import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { isValidAsymmetricSignature } from "./asymmetric-jws.ts";

/** A token signed by jose with a fresh key of `alg`, and the public key as jose's JWKS picks it. */
async function signedWith(alg: string, crv?: string) {
  const { privateKey, publicKey } = await generateKeyPair(alg, crv ? { crv } : {});
  const jwk = { ...(await exportJWK(publicKey)), kid: "k1", alg };
  const jws = await new SignJWT({ sub: "someone" }).setProtectedHeader({ alg, kid: "k1" }).sign(privateKey);
  const [protectedHeader = "", payload = "", signature = ""] = jws.split(".");
  const key = await createLocalJWKSet({ keys: [jwk] })({ alg, kid: "k1" }, { protected: protectedHeader, payload, signature });
  return { jws, key };
}

describe("asymmetric JWS signatures checked with node:crypto", () => {
  const ALGORITHMS: Array<[string, string | undefined]> = [
    ...["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"].map((alg): [string, undefined] => [
      alg,
      undefined,
    ]),
    ["EdDSA", "Ed25519"],
  ];
  it.each(ALGORITHMS)("accepts what jose signed with %s, and nothing once a byte of the payload changes", async (alg, crv) => {
    const { jws, key } = await signedWith(alg, crv);
    expect(isValidAsymmetricSignature(jws, alg, key)).toBe(true);
    const [header, payload, signature] = jws.split(".");
    const tampered = `${header}.${Buffer.from(`${Buffer.from(payload ?? "", "base64url").toString()} `).toString("base64url")}.${signature}`;
    expect(isValidAsymmetricSignature(tampered, alg, key)).toBe(false);
  });

  it("refuses an algorithm other than the one the signature was made with, and symmetric or unknown ones", async () => {
    const { jws, key } = await signedWith("PS256");
    expect(isValidAsymmetricSignature(jws, "RS256", key)).toBe(false);
    for (const alg of ["HS256", "none", "XYZ"]) expect(isValidAsymmetricSignature(jws, alg, key)).toBe(false);
    expect(isValidAsymmetricSignature("no-dots", "PS256", key)).toBe(false);
  });
});
