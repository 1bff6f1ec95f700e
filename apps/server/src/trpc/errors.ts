import { TRPCError } from "@trpc/server";

/** Cause of a BAD_REQUEST that belongs to one input field; shown beside that field in the UI. */
export class FieldIssue extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** Cause carrying a machine-readable reason (e.g. `sso_required`) alongside the human message. */
export class ReasonIssue extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

export function fieldError(field: string, message: string): TRPCError {
  return new TRPCError({ code: "BAD_REQUEST", message, cause: new FieldIssue(field, message) });
}

export function reasonError(code: TRPCError["code"], reason: string, message: string): TRPCError {
  return new TRPCError({ code, message, cause: new ReasonIssue(reason, message) });
}

/** Cause of a TOO_MANY_REQUESTS: when to come back (sent as `Retry-After`). */
export class RateLimitIssue extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many attempts. Try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? "" : "s"}.`);
  }
}

/** Throws a 429 when an abuse limit refuses the request. */
export function enforceLimit(decision: { isAllowed: true } | { isAllowed: false; retryAfterSeconds: number }): void {
  if (decision.isAllowed) return;
  const issue = new RateLimitIssue(decision.retryAfterSeconds);
  throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: issue.message, cause: issue });
}
