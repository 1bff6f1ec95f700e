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
