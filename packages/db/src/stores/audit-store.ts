import type { AuditEventType, SignInMethod } from "@jams/contracts";
import { all, type Executor, get, run, type Script } from "../sql/script.ts";

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
  /** How many identical failures this row stands for (see `recordRepeatable`), and when the last one happened. */
  repeatCount: number;
  lastSeenAt: number | null;
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

/** Which events a Sign-in activity page shows. */
export type AuditCategory = "all" | "signins" | "failures" | "changes";

export interface AuditPage {
  limit: number;
  /** Events older than this one (its id): the next page. */
  beforeId?: number | undefined;
  category: AuditCategory;
}

export interface AuditStore {
  record(event: AuditEventInput): Promise<void>;
  /**
   * Records a failure anyone can cause without signing in; an identical one (same tenant, type,
   * method, code, email and IdP subject) within `windowMs` only counts again on the existing row,
   * so a flood of forged callbacks writes one row, not thousands, and pushes nothing out of view.
   */
  recordRepeatable(event: AuditEventInput, now: number, windowMs: number): Promise<void>;
  /** A tenant's events, newest first, a page at a time, with the acting user's email. */
  listForTenant(tenantId: string, page: AuditPage): Promise<AuditEventView[]>;
}

const CATEGORY_CONDITION: Record<AuditCategory, string> = {
  all: "",
  signins: " and e.type in ('signin.success', 'signin.failure')",
  failures: " and e.type = 'signin.failure'",
  changes: " and e.type not in ('signin.success', 'signin.failure')",
};

/** `a = ?`, or `a is null` for a null value: SQL's `=` never matches null. */
const sameAs = (column: string, value: string | null) => (value === null ? `${column} is null` : `${column} = ?`);

export function auditStore(db: Executor): AuditStore {
  return {
    record: (event) => db.run(insertAuditEvent(event)),

    recordRepeatable: (event, now, windowMs) =>
      db.transaction(function* () {
        const fields: Array<[string, string | null]> = [
          ["tenant_id", event.tenantId],
          ["type", event.type],
          ["method", event.method ?? null],
          ["code", event.code ?? null],
          ["email", event.email ?? null],
          ["idp_subject", event.idpSubject ?? null],
        ];
        const conditions = fields.map(([column, value]) => sameAs(column, value)).join(" and ");
        const params = fields.flatMap(([, value]) => (value === null ? [] : [value]));
        const repeated = yield* get<{ id: number }>(
          `select id from audit_events where ${conditions} and coalesce(last_seen_at, created_at) > ? order by id desc limit 1`,
          ...params,
          now - windowMs,
        );
        if (repeated)
          yield* run("update audit_events set repeat_count = repeat_count + 1, last_seen_at = ? where id = ?", now, repeated.id);
        else yield* insertAuditEvent(event, now);
      }),

    listForTenant: async (tenantId, page) => {
      const rows = await db.run(
        all<AuditRow>(
          `select e.id, e.type, e.method, e.code, e.email, e.idp_subject as "idpSubject", a.email as "actorEmail", e.actor_label as "actorLabel",
                  e.details, e.repeat_count as "repeatCount", e.last_seen_at as "lastSeenAt", e.created_at as "createdAt"
             from audit_events e left join users a on a.id = e.actor_user_id
            where e.tenant_id = ? and e.id < ?${CATEGORY_CONDITION[page.category]}
            order by e.id desc
            limit ?`,
          tenantId,
          page.beforeId ?? Number.MAX_SAFE_INTEGER,
          page.limit,
        ),
      );
      return rows.map((row) => ({ ...row, details: row.details ? (JSON.parse(row.details) as Record<string, unknown>) : {} }));
    },
  };
}
