import { inviteInput, userIdInput } from "@jams/contracts";
import { TRPCError } from "@trpc/server";
import { recordAudit } from "../../audit/audit-log.ts";
import { createInvitation } from "../../team/invitations.ts";
import { listTeam, type StatusChangeProblem, setMemberDisabled, toMemberView } from "../../team/members.ts";
import { fieldError } from "../errors.ts";
import { adminProcedure, router } from "../init.ts";

function statusChangeError(problem: StatusChangeProblem): TRPCError {
  switch (problem) {
    case "not_found":
      return new TRPCError({ code: "NOT_FOUND", message: "No such member in this workspace" });
    case "self":
      return new TRPCError({ code: "BAD_REQUEST", message: "You can't deactivate yourself" });
    case "last_admin":
      return new TRPCError({ code: "BAD_REQUEST", message: "A workspace needs at least one active admin" });
    default: {
      const unreachable: never = problem;
      return unreachable;
    }
  }
}

export const teamRouter = router({
  list: adminProcedure.query(({ ctx }) => listTeam(ctx.db, ctx.session.tenant.id)),

  invite: adminProcedure.input(inviteInput).mutation(({ ctx, input }) => {
    const result = createInvitation(ctx.db, {
      tenantId: ctx.session.tenant.id,
      invitedBy: ctx.session.user.id,
      email: input.email,
      role: input.role,
    });
    if ("problem" in result) throw fieldError("email", "This email already has a JAMS IMES account");
    recordAudit(ctx.db, {
      type: "team.invited",
      tenantId: ctx.session.tenant.id,
      actorUserId: ctx.session.user.id,
      email: input.email,
      details: { role: input.role },
    });
    const inviteUrl = new URL(`/invite/${result.token}`, ctx.config.publicUrl).toString();
    return { inviteUrl };
  }),

  deactivate: adminProcedure.input(userIdInput).mutation(({ ctx, input }) => changeStatus(ctx, input.userId, true)),
  reactivate: adminProcedure.input(userIdInput).mutation(({ ctx, input }) => changeStatus(ctx, input.userId, false)),
});

function changeStatus(ctx: Parameters<Parameters<typeof adminProcedure.query>[0]>[0]["ctx"], userId: string, isDisabled: boolean) {
  const result = setMemberDisabled(ctx.db, { tenantId: ctx.session.tenant.id, actorId: ctx.session.user.id, userId, isDisabled });
  if ("problem" in result) throw statusChangeError(result.problem);
  recordAudit(ctx.db, {
    type: isDisabled ? "team.deactivated" : "team.reactivated",
    tenantId: ctx.session.tenant.id,
    actorUserId: ctx.session.user.id,
    email: result.user.email,
  });
  return toMemberView(result.user);
}
