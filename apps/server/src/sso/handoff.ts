import { createHash, randomBytes } from "node:crypto";
import type { Db } from "@jams/db";
import { schema } from "@jams/db";
import { and, eq, gt, lt } from "drizzle-orm";

export const HANDOFF_TTL_MS = 60_000;

const sha256 = (value: string) => createHash("sha256").update(value).digest("base64url");

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
export function issueHandoff(db: Pick<Db, "insert" | "delete">, userId: string): Handoff {
  const handoff = { code: randomBytes(32).toString("base64url"), binder: randomBytes(32).toString("base64url") };
  db.delete(schema.ssoHandoffs).where(lt(schema.ssoHandoffs.expiresAt, new Date())).run();
  db.insert(schema.ssoHandoffs)
    .values({
      codeHash: sha256(handoff.code),
      binderHash: sha256(handoff.binder),
      userId,
      expiresAt: new Date(Date.now() + HANDOFF_TTL_MS),
    })
    .run();
  return handoff;
}

/** Consumes a handoff (deleting it, so it works once) when code and binder match; returns its active user. */
export function redeemHandoff(db: Db, code: string, binder: string | undefined): schema.User | undefined {
  if (!binder) return undefined;
  const row = db
    .delete(schema.ssoHandoffs)
    .where(
      and(
        eq(schema.ssoHandoffs.codeHash, sha256(code)),
        eq(schema.ssoHandoffs.binderHash, sha256(binder)),
        gt(schema.ssoHandoffs.expiresAt, new Date()),
      ),
    )
    .returning()
    .get();
  if (!row) return undefined;
  const user = db.select().from(schema.users).where(eq(schema.users.id, row.userId)).get();
  return user?.status === "active" ? user : undefined;
}
