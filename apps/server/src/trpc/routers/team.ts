import { domainOf, invitationIdInput, inviteInput, normalizeEmail, userIdInput } from "@jams/contracts";
import type { InviteProblem, StatusChangeProblem } from "@jams/db";
import { TRPCError } from "@trpc/server";
import { createInvitation } from "../../team/invitations.ts";
import { toMemberView } from "../../team/members.ts";
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

function inviteProblemMessage(problem: InviteProblem, email: string): string {
  switch (problem) {
    case "already_member":
      return "This person is already a member of your workspace";
    case "domain_verified_elsewhere":
      return `${domainOf(normalizeEmail(email))} is a verified domain of another workspace: only that workspace can invite its addresses`;
    default: {
      const unreachable: never = problem;
      return unreachable;
    }
  }
}

export const teamRouter = router({
  list: adminProcedure.query(async ({ ctx }) => {
    const { members, invitations } = await ctx.store.team.list(ctx.session.tenant.id);
    const now = Date.now();
    return {
      members: members.map(toMemberView),
      invitations: invitations.map((invitation) => ({
        ...invitation,
        expiresAt: new Date(invitation.expiresAt).toISOString(),
        isExpired: invitation.expiresAt <= now,
      })),
    };
  }),

  invite: adminProcedure.input(inviteInput).mutation(async ({ ctx, input }) => {
    const result = await createInvitation(ctx.store, {
      tenantId: ctx.session.tenant.id,
      invitedBy: ctx.session.user.id,
      email: input.email,
      role: input.role,
    });
    if ("problem" in result) throw fieldError("email", inviteProblemMessage(result.problem, input.email));
    const inviteUrl = new URL(`/invite/${result.token}`, ctx.config.publicUrl).toString();
    return { inviteUrl };
  }),

  /** Kills a pending invitation's link; an invitee who never joined leaves the list with it. Audited. */
  revokeInvitation: adminProcedure.input(invitationIdInput).mutation(async ({ ctx, input }) => {
    const isRevoked = await ctx.store.team.revokeInvitation(ctx.session.tenant.id, input.invitationId, ctx.session.user.id, Date.now());
    if (!isRevoked) throw new TRPCError({ code: "NOT_FOUND", message: "No such pending invitation in this workspace" });
    return { ok: true };
  }),

  deactivate: adminProcedure.input(userIdInput).mutation(({ ctx, input }) => changeStatus(ctx, input.userId, true)),

  /** Ends every session of a member (a lost laptop, a leaver), at their next request; audited. */
  signOutEverywhere: adminProcedure.input(userIdInput).mutation(async ({ ctx, input }) => {
    const member = await ctx.store.accounts.findUserWithTenant(input.userId);
    if (member?.user.tenantId !== ctx.session.tenant.id) throw statusChangeError("not_found");
    const sessionsEnded = await ctx.store.sessions.revokeAllOfUser(
      ctx.session.tenant.id,
      input.userId,
      { actorUserId: ctx.session.user.id },
      Date.now(),
    );
    return { sessionsEnded };
  }),
  reactivate: adminProcedure.input(userIdInput).mutation(({ ctx, input }) => changeStatus(ctx, input.userId, false)),
});

async function changeStatus(ctx: Parameters<Parameters<typeof adminProcedure.query>[0]>[0]["ctx"], userId: string, isDisabled: boolean) {
  const result = await ctx.store.team.setMemberDisabled({
    tenantId: ctx.session.tenant.id,
    actorId: ctx.session.user.id,
    userId,
    isDisabled,
  });
  if ("problem" in result) throw statusChangeError(result.problem);
  return toMemberView(result.user);
}
