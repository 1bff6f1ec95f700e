import type { AuditEventType, SignInMethod } from "@jams/contracts";
import { all, type Executor, run, type Script } from "../sql/script.ts";

export interface AuditEventInput {
  type: AuditEventType;
  tenantId: string | null;
  actorUserId?: string | null;
  /** Who acted when no signed-in user did: `SCIM`, `IdP`, `Operator`. */
  actorLabel?: string;
  method?: SignInMethod;
  code?: string;
  email?: string;
  idpSubject?: string;
  /** Never secrets: names of changed fields, new values of non-secret settings. */
  details?: Record<string, unknown>;
}

export interface AuditEventView {
  id: number;
  type: string;
  method: SignInMethod | null;
  code: string | null;
  email: string | null;
  idpSubject: string | null;
  actorEmail: string | null;
  actorLabel: string | null;
  details: Record<string, unknown>;
  createdAt: number;
}

/** Appends one security event; part of whichever transaction yields it. */
export function* insertAuditEvent(event: AuditEventInput, now = Date.now()): Script<void> {
  yield* run(
    `insert into audit_events (type, tenant_id, actor_user_id, actor_label, method, code, email, idp_subject, details, created_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    event.type,
    event.tenantId,
    event.actorUserId ?? null,
    event.actorLabel ?? null,
    event.method ?? null,
    event.code ?? null,
    event.email ?? null,
    event.idpSubject ?? null,
    event.details ? JSON.stringify(event.details) : null,
    now,
  );
}

type AuditRow = Omit<AuditEventView, "details"> & { details: string | null };

export interface AuditStore {
  record(event: AuditEventInput): Promise<void>;
  /** A tenant's most recent events, newest first, with the acting user's email. */
  listForTenant(tenantId: string, limit: number): Promise<AuditEventView[]>;
}

export function auditStore(db: Executor): AuditStore {
  return {
    record: (event) => db.run(insertAuditEvent(event)),
    listForTenant: async (tenantId, limit) => {
      const rows = await db.run(
        all<AuditRow>(
          `select e.id, e.type, e.method, e.code, e.email, e.idp_subject as "idpSubject", a.email as "actorEmail", e.actor_label as "actorLabel", e.details,
                  e.created_at as "createdAt"
             from audit_events e left join users a on a.id = e.actor_user_id
            where e.tenant_id = ?
            order by e.created_at desc, e.id desc
            limit ?`,
          tenantId,
          limit,
        ),
      );
      return rows.map((row) => ({ ...row, details: row.details ? (JSON.parse(row.details) as Record<string, unknown>) : {} }));
    },
  };
}
