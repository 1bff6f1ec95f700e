import { DOMAIN_TXT_PREFIX, domainChallengeName } from "@jams/contracts";
import type { RecheckOutcome, VerifyDomainProblem } from "@jams/db";
import type { AppDeps } from "../trpc/context.ts";
import type { TxtLookup } from "./txt-lookup.ts";

/** A verified domain's record is looked for again once it is this old. */
export const RECHECK_AFTER_MS = 24 * 60 * 60_000;
/** How long a verified domain's record may be missing before the verification is withdrawn (DNS edits, outages). */
export const RECHECK_GRACE_MS = 3 * 24 * 60 * 60_000;
/** How often a process looks for domains due for a re-check. */
export const RECHECK_INTERVAL_MS = 60 * 60_000;
const RECHECK_BATCH = 50;

export type RecordCheck = "found" | "missing" | "unreachable";

/** Whether the domain's challenge name holds exactly the workspace's verification value. */
export async function checkDomainRecord(lookupTxt: TxtLookup, domain: string, verificationToken: string): Promise<RecordCheck> {
  const answer = await lookupTxt(domainChallengeName(domain));
  if (answer.kind === "unreachable") return "unreachable";
  const expected = `${DOMAIN_TXT_PREFIX}${verificationToken}`;
  return answer.kind === "records" && answer.values.some((value) => value.trim() === expected) ? "found" : "missing";
}

export type VerifyProblem = VerifyDomainProblem | "record_missing" | "dns_unreachable";

/** Looks for the tenant's TXT record now and, if it is there, marks the domain verified (releasing other tenants' holds). */
export async function verifyDomain(
  deps: Pick<AppDeps, "store" | "dns">,
  tenantId: string,
  domain: string,
  actorUserId: string,
): Promise<{ released: number } | { problem: VerifyProblem }> {
  const listed = (await deps.store.domains.list(tenantId)).find((row) => row.domain === domain);
  if (!listed) return { problem: "not_found" };
  const check = await checkDomainRecord(deps.dns.lookupTxt, domain, listed.verificationToken);
  if (check === "unreachable") return { problem: "dns_unreachable" };
  if (check === "missing") return { problem: "record_missing" };
  return deps.store.domains.markVerified(tenantId, domain, actorUserId, Date.now());
}

/**
 * Re-checks verified domains whose record was last found a day ago or more. A record gone for
 * longer than the grace period withdraws the verification; DNS failing to answer changes nothing.
 */
export async function recheckDomains(
  deps: Pick<AppDeps, "store" | "dns">,
  now = Date.now(),
): Promise<Record<RecheckOutcome | "unreachable", number>> {
  const counts = { confirmed: 0, missing: 0, lost: 0, unreachable: 0 };
  for (const due of await deps.store.domains.dueForRecheck(now - RECHECK_AFTER_MS, RECHECK_BATCH)) {
    const check = await checkDomainRecord(deps.dns.lookupTxt, due.domain, due.verificationToken);
    if (check === "unreachable") counts.unreachable += 1;
    else counts[await deps.store.domains.recordRecheck(due.tenantId, due.domain, check === "found", now, RECHECK_GRACE_MS)] += 1;
  }
  return counts;
}
