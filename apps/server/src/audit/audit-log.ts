import type { AuditEventType, SignInMethod } from "@jams/contracts";
import { type Db, preparedStatements } from "@jams/db";

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

type AuditRow = [string, string | null, string | null, string | null, string | null, string | null, string | null, string | null];

const statements = preparedStatements((sqlite) => ({
  insert: sqlite.prepare<AuditRow>(
    "insert into audit_events (type, tenant_id, actor_user_id, method, code, email, idp_subject, details) values (?, ?, ?, ?, ?, ?, ?, ?)",
  ),
}));

/** Appends one security event to the audit trail (inside the caller's transaction, if any). */
export function recordAudit(db: Db, event: AuditEventInput): void {
  statements(db).insert.run(
    event.type,
    event.tenantId,
    event.actorUserId ?? null,
    event.method ?? null,
    event.code ?? null,
    event.email ?? null,
    event.idpSubject ?? null,
    event.details ? JSON.stringify(event.details) : null,
  );
}
