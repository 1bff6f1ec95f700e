import { randomBytes } from "node:crypto";
import { DOMAIN_TXT_PREFIX, domainChallengeName, domainInput, MAX_DOMAINS_PER_TENANT, type TenantDomainView } from "@jams/contracts";
import type { AddDomainProblem, TenantDomain } from "@jams/db";
import { TRPCError } from "@trpc/server";
import { type VerifyProblem, verifyDomain } from "../../domains/domain-verification.ts";
import { enforceLimit, fieldError } from "../errors.ts";
import { adminProcedure, router } from "../init.ts";

function viewOf(row: TenantDomain): TenantDomainView {
  return {
    domain: row.domain,
    recordName: domainChallengeName(row.domain),
    recordValue: `${DOMAIN_TXT_PREFIX}${row.verificationToken}`,
    verifiedAt: row.verifiedAt === null ? null : new Date(row.verifiedAt).toISOString(),
    checkedAt: row.checkedAt === null ? null : new Date(row.checkedAt).toISOString(),
  };
}

function addProblemError(problem: AddDomainProblem, domain: string): TRPCError {
  switch (problem) {
    case "exists":
      return fieldError("domain", `${domain} is already listed`);
    case "limit":
      return fieldError("domain", `A workspace can list at most ${MAX_DOMAINS_PER_TENANT} domains; remove one first`);
    case "verified_elsewhere":
      return fieldError("domain", `${domain} is verified by another workspace`);
    default: {
      const unreachable: never = problem;
      return unreachable;
    }
  }
}

function verifyProblemError(problem: VerifyProblem, domain: string): TRPCError {
  switch (problem) {
    case "not_found":
      return new TRPCError({ code: "NOT_FOUND", message: `${domain} is not listed in this workspace` });
    case "verified_elsewhere":
      return new TRPCError({ code: "CONFLICT", message: `${domain} is verified by another workspace` });
    case "record_missing":
      return new TRPCError({
        code: "PRECONDITION_FAILED",
        message: `No TXT record at ${domainChallengeName(domain)} holds this workspace's value yet. DNS changes can take a few minutes to an hour to appear; try again later.`,
      });
    case "dns_unreachable":
      return new TRPCError({ code: "PRECONDITION_FAILED", message: `DNS did not answer for ${domain}. Try again in a few minutes.` });
    default: {
      const unreachable: never = problem;
      return unreachable;
    }
  }
}

/** Integrations → SSO → Verified domains: prove a domain with a DNS TXT record, so its addresses belong to this workspace only. */
export const domainsRouter = router({
  list: adminProcedure.query(async ({ ctx }) => ({
    domains: (await ctx.store.domains.list(ctx.session.tenant.id)).map(viewOf),
  })),

  /** Lists a domain with a fresh TXT value to publish; nothing changes for its addresses until it is verified. */
  add: adminProcedure.input(domainInput).mutation(async ({ ctx, input }) => {
    const token = randomBytes(18).toString("base64url");
    const added = await ctx.store.domains.add(ctx.session.tenant.id, input.domain, token, ctx.session.user.id, Date.now());
    if ("problem" in added) throw addProblemError(added.problem, input.domain);
    return viewOf(added.domain);
  }),

  /** Looks the TXT record up now; once found, the domain's addresses in other workspaces are released. */
  verify: adminProcedure.input(domainInput).mutation(async ({ ctx, input }) => {
    enforceLimit(await ctx.abuse.domainCheck(ctx.session.tenant.id));
    const result = await verifyDomain(ctx, ctx.session.tenant.id, input.domain, ctx.session.user.id);
    if ("problem" in result) throw verifyProblemError(result.problem, input.domain);
    return { released: result.released };
  }),

  remove: adminProcedure.input(domainInput).mutation(async ({ ctx, input }) => {
    const isRemoved = await ctx.store.domains.remove(ctx.session.tenant.id, input.domain, ctx.session.user.id, Date.now());
    if (!isRemoved) throw new TRPCError({ code: "NOT_FOUND", message: `${input.domain} is not listed in this workspace` });
    return { ok: true };
  }),
});
