import type { AuditEventType, SignInMethod } from "@jams/contracts";
import type { Db } from "@jams/db";
import { schema } from "@jams/db";

export interface AuditEventInput {
  type: AuditEventType;
  tenantId: string | null;
  actorUserId?: string | null;
  method?: SignInMethod;
  code?: string;
  email?: string;
  idpSubject?: string;
  /** Never secrets: names of changed fields, new values of non-secret settings. */
  details?: Record<string, unknown>;
}

/** Appends one security event to the audit trail. */
export function recordAudit(db: Pick<Db, "insert">, event: AuditEventInput): void {
  db.insert(schema.auditEvents)
    .values({
      type: event.type,
      tenantId: event.tenantId,
      actorUserId: event.actorUserId ?? null,
      method: event.method ?? null,
      code: event.code ?? null,
      email: event.email ?? null,
      idpSubject: event.idpSubject ?? null,
      details: event.details ?? null,
    })
    .run();
}
