import { randomBytes } from "node:crypto";
import { type Db, preparedStatements, type schema } from "@jams/db";
import { findUserWithTenantById } from "../auth/accounts.ts";
import { sha256Base64url } from "../digest.ts";
import { sweepExpired } from "./expired-rows.ts";

export const HANDOFF_TTL_MS = 60_000;

const statements = preparedStatements((sqlite) => ({
  insert: sqlite.prepare<[string, string, string, number]>(
    "insert into sso_handoffs (code_hash, binder_hash, user_id, expires_at) values (?, ?, ?, ?)",
  ),
  take: sqlite.prepare<[string, string, number], { user_id: string }>(
    "delete from sso_handoffs where code_hash = ? and binder_hash = ? and expires_at > ? returning user_id",
  ),
}));

export interface Handoff {
  /** Goes to the SPA in the URL fragment. */
  code: string;
  /** Goes to the same browser in an HttpOnly cookie; redeeming needs both. */
  binder: string;
}

/**
 * Issues a single-use, 60-second handoff of a finished SSO sign-in to the SPA. Only hashes are
 * stored. The code is bound to the browser that finished the sign-in, so a code lured into
 * another browser (login CSRF) is useless there.
 */
export function issueHandoff(db: Db, userId: string): Handoff {
  const secrets = randomBytes(64);
  const handoff = { code: secrets.subarray(0, 32).toString("base64url"), binder: secrets.subarray(32).toString("base64url") };
  const now = Date.now();
  sweepExpired(db, now);
  statements(db).insert.run(sha256Base64url(handoff.code), sha256Base64url(handoff.binder), userId, now + HANDOFF_TTL_MS);
  return handoff;
}

/** Consumes a handoff (deleting it, so it works once) when code and binder match; returns its active user. */
export function redeemHandoff(db: Db, code: string, binder: string | undefined): schema.User | undefined {
  if (!binder) return undefined;
  const row = statements(db).take.get(sha256Base64url(code), sha256Base64url(binder), Date.now());
  if (!row) return undefined;
  const user = findUserWithTenantById(db, row.user_id)?.user;
  return user?.status === "active" ? user : undefined;
}
