import { createHmac } from "node:crypto";
import { z } from "zod";
import { isCurrent, jwsHeader, openHs256, signHs256 } from "../crypto/compact-jws.ts";
import { derivedKey } from "../crypto/derived-key.ts";
import { randomBase64url } from "../crypto/random-pool.ts";

export const TRANSACTION_TTL_SECONDS = 5 * 60;

/** What a login transaction remembers between `/auth/sso/start` and the callback. */
export interface SsoTransaction {
  state: string;
  /** Derived from the state with a server key: never stored, never seen by the browser. */
  nonce: string;
  /** The PKCE verifier (RFC 7636), derived like the nonce. */
  codeVerifier: string;
  tenantId: string;
  issuer: string;
  returnTo: string | null;
  /** Set for an admin's Test sign-in (their user id): the callback records the outcome instead of signing anyone in. */
  testedBy: string | null;
}

const claimsSchema = z.object({
  st: z.string().regex(/^[\w-]{43}$/),
  tid: z.string().min(1),
  idp: z.string().min(1),
  rt: z.string().nullable(),
  tb: z.string().min(1).optional(),
});

/**
 * Keys of their own (see derivedKey), so a transaction can never pass for a session token, and the
 * secrets it implies cannot be computed without JWT_SECRET.
 */
const SIGNING_KEY_LABEL = "jams-imes sso transaction signing v2";
const DERIVATION_KEY_LABEL = "jams-imes sso transaction secrets v2";

const hmac = (key: Buffer, data: string) => createHmac("sha256", key).update(data).digest("base64url");

function withDerivedSecrets(state: string, jwtSecret: Uint8Array): Pick<SsoTransaction, "state" | "nonce" | "codeVerifier"> {
  const derivation = derivedKey(jwtSecret, DERIVATION_KEY_LABEL);
  return { state, nonce: hmac(derivation, `nonce.${state}`), codeVerifier: hmac(derivation, `pkce.${state}`) };
}

/** A new transaction: a random 256-bit state; nonce and PKCE verifier (43 characters each) follow from it. */
export function newTransaction(
  target: Pick<SsoTransaction, "tenantId" | "issuer" | "returnTo" | "testedBy">,
  jwtSecret: Uint8Array,
): SsoTransaction {
  return { ...withDerivedSecrets(randomBase64url(32), jwtSecret), ...target };
}

/** Its own JWT type (RFC 8725 §3.11), on top of its own key, so it can never pass for another token. */
const JWS_HEADER = jwsHeader({ alg: "HS256", typ: "jams-sso-transaction+jwt" });

/**
 * Signs a transaction as an HS256 JWT (RFC 7519) for an HttpOnly cookie. It holds only what the
 * browser may see (state, tenant, IdP, return path): nonce and verifier are re-derived on return.
 */
export function sealTransaction(transaction: SsoTransaction, jwtSecret: Uint8Array): string {
  const issuedAt = Math.floor(Date.now() / 1000);
  return signHs256(
    JWS_HEADER,
    {
      st: transaction.state,
      tid: transaction.tenantId,
      idp: transaction.issuer,
      rt: transaction.returnTo,
      ...(transaction.testedBy ? { tb: transaction.testedBy } : {}),
      iat: issuedAt,
      exp: issuedAt + TRANSACTION_TTL_SECONDS,
    },
    derivedKey(jwtSecret, SIGNING_KEY_LABEL),
  );
}

/** Opens a transaction cookie; null when missing, forged, tampered with or older than 5 minutes. */
export function openTransaction(sealed: string | undefined, jwtSecret: Uint8Array, now = Date.now()): SsoTransaction | null {
  const payload = sealed ? openHs256(sealed, JWS_HEADER, derivedKey(jwtSecret, SIGNING_KEY_LABEL)) : null;
  if (!payload || !isCurrent(payload, Math.floor(now / 1000), TRANSACTION_TTL_SECONDS)) return null;
  const claims = claimsSchema.safeParse(payload);
  if (!claims.success) return null;
  const { st, tid, idp, rt, tb } = claims.data;
  return { ...withDerivedSecrets(st, jwtSecret), tenantId: tid, issuer: idp, returnTo: rt, testedBy: tb ?? null };
}
