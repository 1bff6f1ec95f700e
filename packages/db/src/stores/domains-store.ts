import { domainOf, MAX_DOMAINS_PER_TENANT } from "@jams/contracts";
import { all, type Executor, get, lock, run, type Script, UniqueViolationError } from "../sql/script.ts";
import { insertAuditEvent } from "./audit-store.ts";
import { revokeSessionsOfUser } from "./sessions-store.ts";

export interface TenantDomain {
  domain: string;
  /** What the TXT record must hold after `DOMAIN_TXT_PREFIX`. */
  verificationToken: string;
  verifiedAt: number | null;
  /** When the record was last found (verification or a re-check). */
  checkedAt: number | null;
  createdAt: number;
}

export type AddDomainProblem = "exists" | "limit" | "verified_elsewhere";
export type VerifyDomainProblem = "not_found" | "verified_elsewhere";

/** A verified domain due for its periodic re-check. */
export interface DomainToRecheck {
  tenantId: string;
  domain: string;
  verificationToken: string;
  checkedAt: number;
}

/** What a re-check did: the record was found, is missing within the grace period, or has been missing too long (unverified). */
export type RecheckOutcome = "confirmed" | "missing" | "lost";

export interface DomainsStore {
  list(tenantId: string): Promise<TenantDomain[]>;
  /** The tenant that verified the address's domain, if any. */
  verifiedOwner(normalizedEmail: string): Promise<string | undefined>;
  /** Lists a domain to verify with a fresh token, audited. */
  add(
    tenantId: string,
    domain: string,
    verificationToken: string,
    actorUserId: string,
    now: number,
  ): Promise<{ domain: TenantDomain } | { problem: AddDomainProblem }>;
  /** Deletes a listed domain (verified or not), audited; false when the tenant has no such domain. */
  remove(tenantId: string, domain: string, actorUserId: string, now: number): Promise<boolean>;
  /**
   * Marks a domain verified (its TXT record was found) and, in the same transaction, releases every
   * other tenant's hold on its addresses: never-joined invitees are removed, accounts lose their
   * claim and their sessions. Each tenant's trail records it. Returns how many users were released.
   */
  markVerified(
    tenantId: string,
    domain: string,
    actorUserId: string,
    now: number,
  ): Promise<{ released: number } | { problem: VerifyDomainProblem }>;
  /** Verified domains whose record was last found before `foundBefore`, oldest first. */
  dueForRecheck(foundBefore: number, limit: number): Promise<DomainToRecheck[]>;
  /**
   * Records a re-check: found → confirmed; missing for longer than `graceMs` → no longer verified
   * (audited), so the tenant's hold on the domain ends; missing for less → left as it is.
   */
  recordRecheck(tenantId: string, domain: string, isFound: boolean, now: number, graceMs: number): Promise<RecheckOutcome>;
}

/**
 * A condition on the users aliased `u`, with one parameter (the address's domain): no tenant other
 * than the user's own has verified that domain. A verified domain's addresses sign in, are invited
 * and are provisioned in the verifying tenant only.
 */
export const NOT_VERIFIED_ELSEWHERE =
  "not exists (select 1 from tenant_domains d where d.domain = ? and d.verified_at is not null and d.tenant_id <> u.tenant_id)";

/** The tenant that verified the address's domain, if any. */
export function* verifiedOwnerOf(normalizedEmail: string): Script<string | undefined> {
  const row = yield* get<{ tenantId: string }>(
    `select tenant_id as "tenantId" from tenant_domains where domain = ? and verified_at is not null`,
    domainOf(normalizedEmail),
  );
  return row?.tenantId;
}

/** Whether a tenant other than `tenantId` verified the address's domain. */
export function* isVerifiedElsewhere(tenantId: string, normalizedEmail: string): Script<boolean> {
  const owner = yield* verifiedOwnerOf(normalizedEmail);
  return owner !== undefined && owner !== tenantId;
}

const DOMAIN_COLUMNS = `domain, verification_token as "verificationToken", verified_at as "verifiedAt", checked_at as "checkedAt", created_at as "createdAt"`;

type HeldAddress = {
  id: string;
  tenantId: string;
  email: string;
  claimedAt: number | null;
  signedInAt: number | null;
  isScim: unknown;
  status: string;
};

/** Ends other tenants' hold on a domain's addresses; part of `markVerified`'s transaction. */
function* releaseOtherTenants(tenantId: string, domain: string, now: number): Script<number> {
  const held = yield* all<HeldAddress>(
    `select id, tenant_id as "tenantId", email, email_claimed_at as "claimedAt", last_sign_in_at as "signedInAt", is_scim_managed as "isScim", status
       from users where email_normalized like ? and tenant_id <> ?`,
    `%@${domain}`,
    tenantId,
  );
  for (const user of held) {
    const isNeverJoined = user.status === "invited" && user.claimedAt === null && user.signedInAt === null && !user.isScim;
    if (isNeverJoined) yield* run("delete from users where id = ?", user.id);
    else {
      yield* run("update users set email_claimed_at = null, updated_at = ? where id = ?", now, user.id);
      yield* revokeSessionsOfUser(user.id, now);
    }
    yield* insertAuditEvent(
      {
        type: "domain.claim_released",
        tenantId: user.tenantId,
        actorLabel: "Domain verification",
        email: user.email,
        details: { domain, isNeverJoined },
      },
      now,
    );
  }
  return held.length;
}

export function domainsStore(db: Executor): DomainsStore {
  return {
    list: (tenantId) =>
      db.run(all<TenantDomain>(`select ${DOMAIN_COLUMNS} from tenant_domains where tenant_id = ? order by domain`, tenantId)),

    verifiedOwner: (normalizedEmail) => db.run(verifiedOwnerOf(normalizedEmail)),

    add: (tenantId, domain, verificationToken, actorUserId, now) =>
      db.transaction(function* () {
        yield* lock("tenants", tenantId);
        const listed = yield* all<{ domain: string; tenantId: string; verifiedAt: number | null }>(
          `select domain, tenant_id as "tenantId", verified_at as "verifiedAt" from tenant_domains where tenant_id = ? or (domain = ? and verified_at is not null)`,
          tenantId,
          domain,
        );
        if (listed.some((row) => row.tenantId === tenantId && row.domain === domain)) return { problem: "exists" as const };
        if (listed.some((row) => row.tenantId !== tenantId)) return { problem: "verified_elsewhere" as const };
        if (listed.length >= MAX_DOMAINS_PER_TENANT) return { problem: "limit" as const };
        yield* run(
          "insert into tenant_domains (tenant_id, domain, verification_token, created_at) values (?, ?, ?, ?)",
          tenantId,
          domain,
          verificationToken,
          now,
        );
        yield* insertAuditEvent({ type: "domain.added", tenantId, actorUserId, details: { domain } }, now);
        return { domain: { domain, verificationToken, verifiedAt: null, checkedAt: null, createdAt: now } };
      }),

    remove: (tenantId, domain, actorUserId, now) =>
      db.transaction(function* () {
        const removed = yield* run("delete from tenant_domains where tenant_id = ? and domain = ?", tenantId, domain);
        if (removed > 0) yield* insertAuditEvent({ type: "domain.removed", tenantId, actorUserId, details: { domain } }, now);
        return removed > 0;
      }),

    markVerified: async (tenantId, domain, actorUserId, now) => {
      try {
        return await db.transaction(function* () {
          const row = yield* get<{ verifiedAt: number | null }>(
            `select verified_at as "verifiedAt" from tenant_domains where tenant_id = ? and domain = ?`,
            tenantId,
            domain,
          );
          if (!row) return { problem: "not_found" as const };
          yield* run(
            "update tenant_domains set verified_at = coalesce(verified_at, ?), checked_at = ? where tenant_id = ? and domain = ?",
            now,
            now,
            tenantId,
            domain,
          );
          if (row.verifiedAt !== null) return { released: 0 };
          const released = yield* releaseOtherTenants(tenantId, domain, now);
          yield* insertAuditEvent({ type: "domain.verified", tenantId, actorUserId, details: { domain, released } }, now);
          return { released };
        });
      } catch (error) {
        if (error instanceof UniqueViolationError) return { problem: "verified_elsewhere" as const };
        throw error;
      }
    },

    dueForRecheck: (foundBefore, limit) =>
      db.run(
        all<DomainToRecheck>(
          `select tenant_id as "tenantId", domain, verification_token as "verificationToken", checked_at as "checkedAt"
             from tenant_domains where verified_at is not null and checked_at < ? order by checked_at limit ?`,
          foundBefore,
          limit,
        ),
      ),

    recordRecheck: (tenantId, domain, isFound, now, graceMs) =>
      db.transaction(function* () {
        if (isFound) {
          yield* run(
            "update tenant_domains set checked_at = ? where tenant_id = ? and domain = ? and verified_at is not null",
            now,
            tenantId,
            domain,
          );
          return "confirmed" as const;
        }
        const lost = yield* run(
          "update tenant_domains set verified_at = null where tenant_id = ? and domain = ? and verified_at is not null and checked_at < ?",
          tenantId,
          domain,
          now - graceMs,
        );
        if (lost === 0) return "missing" as const;
        yield* insertAuditEvent(
          { type: "domain.verification_lost", tenantId, actorLabel: "Domain verification", details: { domain } },
          now,
        );
        return "lost" as const;
      }),
  };
}
