import { domainOf, invitationIdInput, inviteInput, normalizeEmail, setRoleInput, userIdInput } from "@jams/contracts";
import type { InviteProblem, StatusChangeProblem } from "@jams/db";
import { TRPCError } from "@trpc/server";
import { inviteUrlOf } from "../../team/invitation-links.ts";
import { createInvitation, invitationLinkOf, reissueInvitation } from "../../team/invitations.ts";
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

/** Mails an invitation when SMTP is configured; a failure is logged and reported, never fatal (the link can be copied). */
async function mailInvitation(ctx: AdminContext, to: string, token: string, expiresAt: number): Promise<boolean> {
  if (!ctx.mailer) return false;
  const sso = await ctx.store.sso.findConfig(ctx.session.tenant.id);
  try {
    await ctx.mailer.sendInvitation({
      to,
      workspaceName: ctx.session.tenant.name,
      inviterName: ctx.session.user.name || ctx.session.user.email,
      inviteUrl: inviteUrlOf(ctx.config, token),
      expiresAt,
      ssoName: sso?.displayName ?? null,
    });
    return true;
  } catch (error) {
    ctx.logger.error("mail.invitation_failed", { error: (error as Error).name, message: (error as Error).message });
    return false;
  }
}

export const teamRouter = router({
  /** Everyone in the workspace in signup order, each invitee with their pending invitation; and the invitations alone (SPEC §6). */
  list: adminProcedure.query(async ({ ctx }) => {
    const { members, invitations } = await ctx.store.team.list(ctx.session.tenant.id);
    const now = Date.now();
    const invitationOf = new Map(invitations.map((invitation) => [invitation.userId, invitation]));
    return {
      members: members.map((member) => toMemberView(member, invitationOf.get(member.id) ?? null, now)),
      invitations: invitations.map((invitation) => ({
        ...invitation,
        expiresAt: new Date(invitation.expiresAt).toISOString(),
        isExpired: invitation.expiresAt <= now,
      })),
    };
  }),

  /** Invites an address; mails the link when SMTP is set up, and always returns it to copy. */
  invite: adminProcedure.input(inviteInput).mutation(async ({ ctx, input }) => {
    const result = await createInvitation(ctx.store, ctx.config.jwtSecret, {
      tenantId: ctx.session.tenant.id,
      invitedBy: ctx.session.user.id,
      email: input.email,
      role: input.role,
    });
    if ("problem" in result) throw fieldError("email", inviteProblemMessage(result.problem, input.email));
    const isEmailSent = await mailInvitation(ctx, input.email, result.token, result.expiresAt);
    return { inviteUrl: inviteUrlOf(ctx.config, result.token), isEmailSent };
  }),

  /** *Copy link*: a pending invitation's link again. */
  invitationLink: adminProcedure.input(invitationIdInput).mutation(async ({ ctx, input }) => {
    const link = await invitationLinkOf(ctx.store, ctx.config.jwtSecret, ctx.session.tenant.id, input.invitationId);
    if ("problem" in link) {
      if (link.problem === "not_found") throw new TRPCError({ code: "NOT_FOUND", message: "No such pending invitation in this workspace" });
      throw new TRPCError({
        code: "PRECONDITION_FAILED",
        message: "This invitation's link was made before links could be copied again. Resend it to get a new link.",
      });
    }
    return { inviteUrl: inviteUrlOf(ctx.config, link.token), expiresAt: new Date(link.expiresAt).toISOString() };
  }),

  /** *Resend*: a new link valid for another week (mailed when SMTP is set up); the old one stops working. Audited. */
  resendInvitation: adminProcedure.input(invitationIdInput).mutation(async ({ ctx, input }) => {
    const reissued = await reissueInvitation(ctx.store, ctx.config.jwtSecret, {
      tenantId: ctx.session.tenant.id,
      invitationId: input.invitationId,
      actorUserId: ctx.session.user.id,
    });
    if (!reissued) throw new TRPCError({ code: "NOT_FOUND", message: "No such pending invitation in this workspace" });
    const isEmailSent = await mailInvitation(ctx, reissued.email, reissued.token, reissued.expiresAt);
    return { inviteUrl: inviteUrlOf(ctx.config, reissued.token), expiresAt: new Date(reissued.expiresAt).toISOString(), isEmailSent };
  }),

  /** Kills a pending invitation's link; an invitee who never joined leaves the list with it. Audited. */
  revokeInvitation: adminProcedure.input(invitationIdInput).mutation(async ({ ctx, input }) => {
    const isRevoked = await ctx.store.team.revokeInvitation(ctx.session.tenant.id, input.invitationId, ctx.session.user.id, Date.now());
    if (!isRevoked) throw new TRPCError({ code: "NOT_FOUND", message: "No such pending invitation in this workspace" });
    return { ok: true };
  }),

  /** Makes a member an admin or a member; the workspace always keeps an active admin. Takes effect on their next request. */
  setRole: adminProcedure.input(setRoleInput).mutation(async ({ ctx, input }) => {
    const result = await ctx.store.team.setRole({ tenantId: ctx.session.tenant.id, actorId: ctx.session.user.id, ...input });
    if ("problem" in result) {
      if (result.problem === "not_found") throw statusChangeError("not_found");
      throw new TRPCError({
        code: "BAD_REQUEST",
        message: "A workspace needs at least one active admin: make someone else an admin first",
      });
    }
    return toMemberView(result.user);
  }),

  /** Forgets the IdP identity pinned at a member's first SSO sign-in (their mailbox was recreated at the IdP). Audited. */
  resetSsoLink: adminProcedure.input(userIdInput).mutation(async ({ ctx, input }) => {
    const user = await ctx.store.team.resetIdpLink(ctx.session.tenant.id, input.userId, ctx.session.user.id);
    if (!user) throw statusChangeError("not_found");
    return toMemberView(user);
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

type AdminContext = Parameters<Parameters<typeof adminProcedure.query>[0]>[0]["ctx"];

async function changeStatus(ctx: AdminContext, userId: string, isDisabled: boolean) {
  const result = await ctx.store.team.setMemberDisabled({
    tenantId: ctx.session.tenant.id,
    actorId: ctx.session.user.id,
    userId,
    isDisabled,
  });
  if ("problem" in result) throw statusChangeError(result.problem);
  return toMemberView(result.user);
}
