import { initTRPC, TRPCError } from "@trpc/server";
import { ZodError, z } from "zod";
import { KdfBusyError } from "../auth/password-hash.ts";
import type { Context } from "./context.ts";
import { enforceLimit, FieldIssue, RateLimitIssue, ReasonIssue } from "./errors.ts";

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const fieldErrors =
      cause instanceof ZodError
        ? z.flattenError(cause).fieldErrors
        : cause instanceof FieldIssue
          ? { [cause.field]: [cause.message] }
          : undefined;
    const message = cause instanceof ZodError ? "Please check the highlighted fields" : shape.message;
    return {
      ...shape,
      message: error.code === "INTERNAL_SERVER_ERROR" ? "Something went wrong on our side" : message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        fieldErrors,
        reason: cause instanceof ReasonIssue ? cause.reason : undefined,
        retryAfterSeconds: cause instanceof RateLimitIssue ? cause.retryAfterSeconds : undefined,
      },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure;

/** For procedures that run the password KDF: a full KDF queue answers 429 "try again shortly", never a 500. */
export const kdfProcedure = publicProcedure.use(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof KdfBusyError) enforceLimit({ isAllowed: false, retryAfterSeconds: 1 });
  return result;
});

export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.session) throw new TRPCError({ code: "UNAUTHORIZED", message: "Please sign in" });
  return next({ ctx: { ...ctx, session: ctx.session } });
});

export const adminProcedure = protectedProcedure.use(({ ctx, next }) => {
  if (ctx.session.user.role !== "admin") throw new TRPCError({ code: "FORBIDDEN", message: "Only admins can do this" });
  return next({ ctx });
});
