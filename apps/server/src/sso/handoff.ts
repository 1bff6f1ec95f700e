import { randomBytes } from "node:crypto";
import type { HandoffRecord, SessionStart, Store, User } from "@jams/db";
import { sha256Base64url } from "../digest.ts";

export const HANDOFF_TTL_MS = 60_000;

export interface Handoff {
  /** Goes to the SPA in the URL fragment. */
  code: string;
  /** Goes to the same browser in an HttpOnly cookie; redeeming needs both. */
  binder: string;
}

/**
 * A new single-use, 60-second handoff of a finished SSO sign-in to the SPA, and the record to
 * store: only hashes. The code is bound to the browser that finished the sign-in, so a code lured
 * into another browser (login CSRF) is useless there.
 */
export function newHandoff(now: number): { handoff: Handoff; record: HandoffRecord } {
  const secrets = randomBytes(64);
  const handoff = { code: secrets.subarray(0, 32).toString("base64url"), binder: secrets.subarray(32).toString("base64url") };
  return {
    handoff,
    record: { codeHash: sha256Base64url(handoff.code), binderHash: sha256Base64url(handoff.binder), expiresAt: now + HANDOFF_TTL_MS },
  };
}

/** Consumes a handoff (so it works once) when code and binder match and opens its active user's session. */
export async function redeemHandoff(
  store: Store,
  code: string,
  binder: string | undefined,
  session: SessionStart,
): Promise<User | undefined> {
  if (!binder) return undefined;
  return store.sso.redeemHandoff(sha256Base64url(code), sha256Base64url(binder), session);
}
