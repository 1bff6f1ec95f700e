import {
  createLocalJWKSet,
  decodeProtectedHeader,
  errors,
  type JSONWebKeySet,
  type JWSHeaderParameters,
  type JWTPayload,
  type JWTVerifyOptions,
  jwtVerify,
} from "jose";
import { isValidAsymmetricSignature } from "../crypto/asymmetric-jws.ts";
import type { BackChannelFetch } from "./back-channel-fetch.ts";
import { SsoError } from "./sso-error.ts";

/** Only asymmetric signatures: never `none`, never HMAC (whose key would be the client secret). */
export const ACCEPTED_ID_TOKEN_ALGS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA", "Ed25519"];

export interface JwksCacheOptions {
  /** How long a fetched key set is trusted before it is fetched again. */
  maxAgeMs?: number;
  /** An unknown `kid` triggers at most one refetch per this period per key set, so forged kids cannot flood the IdP. */
  unknownKidCooldownMs?: number;
  now?: () => number;
}

interface Entry {
  keys: ReturnType<typeof createLocalJWKSet>;
  fetchedAt: number;
}

/**
 * The IdPs' signing keys (RFC 7517), fetched once and reused, so a steady-state sign-in makes
 * no JWKS request. A token signed with a key not yet seen (the IdP rotated) triggers a single
 * refetch; repeated unknown kids within the cooldown do not.
 */
export class JwksCache {
  readonly #entries = new Map<string, Promise<Entry>>();
  readonly #lastUnknownKidRefresh = new Map<string, number>();
  readonly #maxAgeMs: number;
  readonly #cooldownMs: number;
  readonly #now: () => number;

  constructor(
    private readonly fetch: BackChannelFetch,
    options: JwksCacheOptions = {},
  ) {
    this.#maxAgeMs = options.maxAgeMs ?? 10 * 60 * 1000;
    this.#cooldownMs = options.unknownKidCooldownMs ?? 30 * 1000;
    this.#now = options.now ?? Date.now;
  }

  /**
   * Verifies a compact JWS against the key set at `jwksUri`; throws `SsoError` on any failure. jose
   * picks the key (kid, kty, alg, use) as for `compactVerify`; node:crypto checks the signature.
   * Only the accepted asymmetric algorithms, no `crit` extensions, no unencoded payloads.
   */
  async verifySignature(jwksUri: string, jws: string): Promise<void> {
    const header = protectedHeaderOf(jws);
    const [protectedHeader = "", payload = "", signature = ""] = jws.split(".");
    await this.#withKeys(jwksUri, async (keys) => {
      const key = await keys(header, { protected: protectedHeader, payload, signature });
      if (!isValidAsymmetricSignature(jws, header.alg as string, key)) throw new errors.JWSSignatureVerificationFailed();
    });
  }

  /**
   * Verifies a JWT (RFC 7519 §7.2) against the key set at `jwksUri`, asymmetric algorithms only, and
   * its claims as `options` ask (jose's rules: iss, aud, exp, nbf, iat age); returns the payload.
   * Throws `SsoError` on any failure.
   */
  async verifyJwt(jwksUri: string, jwt: string, options: Omit<JWTVerifyOptions, "algorithms">): Promise<JWTPayload> {
    const { payload } = await this.#withKeys(jwksUri, (keys) => jwtVerify(jwt, keys, { ...options, algorithms: ACCEPTED_ID_TOKEN_ALGS }));
    return payload;
  }

  /** Runs a verification with the cached keys; a key not yet seen (the IdP rotated) earns one refetch within the cooldown. */
  async #withKeys<T>(jwksUri: string, verify: (keys: Entry["keys"]) => Promise<T>): Promise<T> {
    try {
      return await verify((await this.#load(jwksUri, false)).keys);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey) || !this.#mayRefreshForUnknownKid(jwksUri)) throw asSsoError(error);
    }
    try {
      return await verify((await this.#load(jwksUri, true)).keys);
    } catch (error) {
      throw asSsoError(error);
    }
  }

  #mayRefreshForUnknownKid(jwksUri: string): boolean {
    const last = this.#lastUnknownKidRefresh.get(jwksUri);
    if (last !== undefined && this.#now() - last < this.#cooldownMs) return false;
    this.#lastUnknownKidRefresh.set(jwksUri, this.#now());
    return true;
  }

  async #load(jwksUri: string, isForced: boolean): Promise<Entry> {
    const cached = this.#entries.get(jwksUri);
    if (cached && !isForced) {
      const entry = await cached.catch(() => undefined);
      if (entry && this.#now() - entry.fetchedAt < this.#maxAgeMs) return entry;
    }
    const loading = this.#fetchKeys(jwksUri);
    this.#entries.set(jwksUri, loading);
    loading.catch(() => this.#entries.delete(jwksUri));
    return loading;
  }

  async #fetchKeys(jwksUri: string): Promise<Entry> {
    const response = await this.fetch(jwksUri, { headers: { accept: "application/json" } }).catch((error: Error) => {
      throw new SsoError("sso_idp_unavailable", `jwks: ${error.message}`);
    });
    if (response.status !== 200) throw new SsoError("sso_idp_unavailable", `jwks answered ${response.status}`);
    const body = (await response.json().catch(() => undefined)) as JSONWebKeySet | undefined;
    if (!body || !Array.isArray(body.keys)) throw new SsoError("sso_idp_unavailable", "jwks is not a key set");
    try {
      return { keys: createLocalJWKSet(body), fetchedAt: this.#now() };
    } catch {
      throw new SsoError("sso_idp_unavailable", "jwks is not a valid key set");
    }
  }
}

/** The protected header of a JWS this cache may verify; `SsoError` otherwise. */
function protectedHeaderOf(jws: string): JWSHeaderParameters {
  let header: JWSHeaderParameters;
  try {
    header = decodeProtectedHeader(jws) as JWSHeaderParameters;
  } catch {
    throw new SsoError("sso_token_invalid", "token verification: malformed protected header");
  }
  if (typeof header.alg !== "string" || !ACCEPTED_ID_TOKEN_ALGS.includes(header.alg)) {
    throw new SsoError("sso_token_invalid", `token verification: alg ${String(header.alg)} not accepted`);
  }
  if (header.crit !== undefined || header.b64 !== undefined)
    throw new SsoError("sso_token_invalid", "token verification: unsupported header");
  return header;
}

function asSsoError(error: unknown): SsoError {
  if (error instanceof SsoError) return error;
  const code = error instanceof errors.JOSEError ? error.code : (error as Error).name;
  return new SsoError("sso_token_invalid", `token verification: ${code}`);
}
