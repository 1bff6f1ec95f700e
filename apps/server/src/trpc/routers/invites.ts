import { acceptInviteInput, inviteTokenInput, SSO_START_PATH } from "@jams/contracts";
import type { TRPCError } from "@trpc/server";
import { hashPassword } from "../../auth/password-hash.ts";
import { newSessionStart, tokenForSession } from "../../auth/sessions.ts";
import { type AcceptanceProblem, acceptInvitation, findOpenInvitation } from "../../team/invitations.ts";
import { enforceLimit, fieldError, reasonError } from "../errors.ts";
import { kdfProcedure, publicProcedure, router } from "../init.ts";

function invitationError(problem: AcceptanceProblem): TRPCError {
  switch (problem) {
    case "claimed_elsewhere":
      return reasonError(
        "CONFLICT",
        "invite_email_taken",
        "This email already belongs to an account in another JAMS IMES workspace. Sign in there, or ask your admin to invite another address.",
      );
    case "enforcement_changed":
      return reasonError(
        "CONFLICT",
        "enforcement_changed",
        "Your workspace's sign-in settings just changed. Reload the page and try again.",
      );
    case "not_found":
      return reasonError("NOT_FOUND", "invite_not_found", "This invitation link is not valid. Ask your admin for a new one.");
    case "expired":
      return reasonError("NOT_FOUND", "invite_expired", "This invitation has expired. Ask your admin to send a new one.");
    case "used":
      return reasonError("NOT_FOUND", "invite_used", "This invitation has already been used. Sign in instead.");
    default: {
      const unreachable: never = problem;
      return unreachable;
    }
  }
}

export const invitesRouter = router({
  get: publicProcedure.input(inviteTokenInput).query(async ({ ctx, input }) => {
    const open = await findOpenInvitation(ctx.store, input.token);
    if ("problem" in open) throw invitationError(open.problem);
    const sso = await ctx.store.sso.findConfig(open.tenant.id);
    return {
      tenantName: open.tenant.name,
      email: open.user.email,
      ssoEnforced: sso?.enforce ?? false,
      ssoName: sso?.displayName ?? null,
    };
  }),

  /**
   * Accepts an invite: with a password (signed in at once), or through the workspace's SSO — always
   * when it is enforced, by choice when it is only configured — straight to the IdP, where the first
   * sign-in activates the account.
   */
  accept: kdfProcedure.input(acceptInviteInput).mutation(async ({ ctx, input }) => {
    enforceLimit(await ctx.abuse.accountCreation(ctx.clientIp));
    const open = await findOpenInvitation(ctx.store, input.token);
    if ("problem" in open) throw invitationError(open.problem);
    const sso = await ctx.store.sso.findConfig(open.tenant.id);
    const isSsoEnforced = sso?.enforce ?? false;
    const isViaSso = isSsoEnforced || (sso !== undefined && input.withSso === true);
    if (!isViaSso && !input.password) throw fieldError("password", "Choose a password");
    const passwordHash = isViaSso || !input.password ? null : await hashPassword(input.password);
    const session = isViaSso ? null : newSessionStart(ctx.userAgent);
    const result = await acceptInvitation(
      ctx.store,
      input.token,
      { name: input.name, passwordHash, wasSsoEnforced: isSsoEnforced },
      session,
    );
    if ("problem" in result) throw invitationError(result.problem);
    const { user } = result;
    if (isViaSso || !session) {
      const start = new URL(SSO_START_PATH, ctx.config.publicUrl);
      start.searchParams.set("email", user.email);
      return { ssoStartUrl: `${start.pathname}${start.search}` };
    }
    return { token: tokenForSession(user, "pwd", session, ctx.config.jwtSecret) };
  }),
});
