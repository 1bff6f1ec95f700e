import { createHash, randomBytes } from "node:crypto";
import type { Db } from "@jams/db";
import { schema } from "@jams/db";
import { and, eq, gt, lt } from "drizzle-orm";

export const HANDOFF_TTL_MS = 60_000;

const hashCode = (code: string) => createHash("sha256").update(code).digest("base64url");

/** Issues a single-use, 60-second code that the SPA redeems for a session; only its hash is stored. */
export function issueHandoff(db: Pick<Db, "insert" | "delete">, userId: string): string {
  const code = randomBytes(32).toString("base64url");
  db.delete(schema.ssoHandoffs).where(lt(schema.ssoHandoffs.expiresAt, new Date())).run();
  db.insert(schema.ssoHandoffs)
    .values({ codeHash: hashCode(code), userId, expiresAt: new Date(Date.now() + HANDOFF_TTL_MS) })
    .run();
  return code;
}

/** Consumes a handoff code (deleting it, so it works once) and returns its active user, if any. */
export function redeemHandoff(db: Db, code: string): schema.User | undefined {
  const row = db
    .delete(schema.ssoHandoffs)
    .where(and(eq(schema.ssoHandoffs.codeHash, hashCode(code)), gt(schema.ssoHandoffs.expiresAt, new Date())))
    .returning()
    .get();
  if (!row) return undefined;
  const user = db.select().from(schema.users).where(eq(schema.users.id, row.userId)).get();
  return user?.status === "active" ? user : undefined;
}
