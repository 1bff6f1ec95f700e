import type { Db } from "@jams/db";
import { schema } from "@jams/db";
import { desc, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";

const actors = alias(schema.users, "actors");

/** A tenant's most recent security events, newest first, with the acting user's email. */
export function listAuditEvents(db: Db, tenantId: string, limit: number) {
  return db
    .select({ event: schema.auditEvents, actorEmail: actors.email })
    .from(schema.auditEvents)
    .leftJoin(actors, eq(actors.id, schema.auditEvents.actorUserId))
    .where(eq(schema.auditEvents.tenantId, tenantId))
    .orderBy(desc(schema.auditEvents.createdAt), desc(schema.auditEvents.id))
    .limit(limit)
    .all()
    .map(({ event, actorEmail }) => ({
      id: event.id,
      type: event.type,
      method: event.method,
      code: event.code,
      email: event.email,
      idpSubject: event.idpSubject,
      actorEmail,
      details: event.details ?? {},
      createdAt: event.createdAt.toISOString(),
    }));
}
