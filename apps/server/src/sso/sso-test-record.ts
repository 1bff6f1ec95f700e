import type { User } from "@jams/db";
import type { AppDeps } from "../trpc/context.ts";
import type { SsoError } from "./sso-error.ts";
import type { CompletedTest } from "./sso-flow.ts";

/** The SPA page a Test sign-in's window lands on: it shows the outcome and closes itself. */
export const TEST_RESULT_PATH = "/integrations/sso/test-result";

/**
 * Stores how an admin's Test sign-in ended on the config it tested (audited): a completed test
 * with the claims the IdP returned, or the error code with what it knew of the person. Nothing is
 * stored once the config it tested is gone.
 */
export async function recordTestOutcome(deps: Pick<AppDeps, "store">, tester: User, result: CompletedTest | SsoError): Promise<void> {
  const isCompleted = "kind" in result;
  const issuer = isCompleted ? result.issuer : (await deps.store.sso.findConfig(tester.tenantId))?.issuer;
  if (!issuer) return;
  const email = isCompleted ? result.claims.email : typeof result.subject.email === "string" ? result.subject.email : null;
  const sub = isCompleted ? result.claims.sub : (result.subject.idpSubject ?? null);
  await deps.store.sso.recordTest(tester.tenantId, issuer, {
    at: Date.now(),
    byUserId: tester.id,
    byEmail: tester.email,
    outcome: isCompleted ? result.outcome : result.code,
    claims: isCompleted ? result.claims : email || sub ? { email, emailVerified: null, sub, name: null } : null,
  });
}
