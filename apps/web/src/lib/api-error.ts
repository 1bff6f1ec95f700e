import type { AppRouter } from "@jams/server";
import { isTRPCClientError } from "@trpc/client";

const UNREACHABLE_MESSAGE = "We couldn't reach JAMS IMES. Check your connection and try again.";

export interface ApiError {
  /** Human-readable, safe to show as is. */
  message: string;
  /** The tRPC error code, e.g. `UNAUTHORIZED`; absent when the server could not be reached. */
  code: string | undefined;
  /** Machine-readable cause, e.g. `sso_required`. */
  reason: string | undefined;
  fieldErrors: Partial<Record<string, string[]>>;
}

/** Reads what the server said about a failed call: its message, code, reason and per-field errors. */
export function readApiError(error: unknown): ApiError {
  if (isTRPCClientError<AppRouter>(error) && error.data) {
    return {
      message: error.message,
      code: error.data.code,
      reason: error.data.reason,
      fieldErrors: error.data.fieldErrors ?? {},
    };
  }
  return { message: UNREACHABLE_MESSAGE, code: undefined, reason: undefined, fieldErrors: {} };
}

/** The first error the server gave for one input field. */
export function fieldErrorOf(error: unknown, field: string): string | undefined {
  return error ? readApiError(error).fieldErrors[field]?.[0] : undefined;
}

/** The message to show above a form: omitted when every problem is shown beside its field. */
export function formErrorOf(error: unknown, fields: readonly string[]): string | undefined {
  if (!error) return undefined;
  const { message, fieldErrors } = readApiError(error);
  const hasFieldError = fields.some((field) => fieldErrors[field]?.length);
  return hasFieldError ? undefined : message;
}

export function isUnauthorizedError(error: unknown): boolean {
  return readApiError(error).code === "UNAUTHORIZED";
}
