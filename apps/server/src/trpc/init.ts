import { initTRPC, TRPCError } from "@trpc/server";
import { ZodError, z } from "zod";
import type { Context } from "./context.ts";
import { FieldIssue, ReasonIssue } from "./errors.ts";

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
      },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure;

export const protectedProcedure = t.procedure.use(({ ctx, next }) => {
  if (!ctx.session) throw new TRPCError({ code: "UNAUTHORIZED", message: "Please sign in" });
  return next({ ctx: { ...ctx, session: ctx.session } });
});

export const adminProcedure = protectedProcedure.use(({ ctx, next }) => {
  if (ctx.session.user.role !== "admin") throw new TRPCError({ code: "FORBIDDEN", message: "Only admins can do this" });
  return next({ ctx });
});
