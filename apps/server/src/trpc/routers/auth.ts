import {
  domainOf,
  endSessionInput,
  INVALID_CREDENTIALS_MESSAGE,
  type LookupResult,
  lookupInput,
  normalizeEmail,
  passwordLoginInput,
  redeemSsoHandoffInput,
  SSO_REQUIRED_REASON,
  signupInput,
} from "@jams/contracts";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { REPEAT_WINDOW_MS } from "../../audit/repeat-window.ts";
import { dummyPasswordHash, hashPassword, verifyPassword } from "../../auth/password-hash.ts";
import { newSessionStart, tokenForSession } from "../../auth/sessions.ts";
import { redeemHandoff } from "../../sso/handoff.ts";
import { enforceLimit, fieldError, reasonError } from "../errors.ts";
import { kdfProcedure, protectedProcedure, publicProcedure, router } from "../init.ts";

const PASSWORD_ONLY: LookupResult = { password: true, sso: null };
/** Says no more than that the address can't start a workspace: it names no workspace and no invitation. */
const EMAIL_TAKEN_MESSAGE = "This email can't be used for a new workspace. If you already have an account, sign in instead.";

export const authRouter = router({
  /** Email-first login: which sign-in methods to offer. Unknown emails look like password-only users. */
  lookup: publicProcedure.input(lookupInput).query(async ({ ctx, input }): Promise<LookupResult> => {
    enforceLimit(await ctx.abuse.lookup(ctx.clientIp, input.email));
    const sso = (await ctx.store.accounts.findSignInRoute(input.email))?.sso;
    if (!sso) return PASSWORD_ONLY;
    return { password: !sso.enforce, sso: { name: sso.displayName } };
  }),

  passwordLogin: kdfProcedure.input(passwordLoginInput).mutation(async ({ ctx, input }) => {
    enforceLimit(await ctx.abuse.passwordAttempt(ctx.clientIp, input.email));
    const found = await ctx.store.accounts.findAccountByEmail(input.email);
    const sso = found?.sso;
    const audited = (code: string) =>
      ctx.store.audit.recordRepeatable(
        {
          type: "signin.failure",
          tenantId: found?.tenant.id ?? null,
          actorUserId: found?.user.id ?? null,
          method: "pwd",
          code,
          email: input.email,
        },
        Date.now(),
        REPEAT_WINDOW_MS,
      );
    const fail = async (code: string): Promise<never> => {
      await audited(code);
      throw new TRPCError({ code: "UNAUTHORIZED", message: INVALID_CREDENTIALS_MESSAGE });
    };
    if (found && sso?.enforce) {
      await audited(SSO_REQUIRED_REASON);
      throw reasonError(
        "FORBIDDEN",
        SSO_REQUIRED_REASON,
        `${found.tenant.name} requires single sign-on. Continue with ${sso.displayName}.`,
      );
    }
    const isMatch = await verifyPassword(input.password, found?.user.passwordHash ?? (await dummyPasswordHash));
    if (!found) return fail("unknown_email");
    if (!isMatch || !found.user.passwordHash) return fail("wrong_password");
    if (found.user.status !== "active") return fail(found.user.status === "disabled" ? "account_disabled" : "not_activated");
    await ctx.abuse.passwordSucceeded(input.email);
    const session = newSessionStart(ctx.userAgent);
    const user = await ctx.store.accounts.completePasswordSignIn(found.user, session);
    return { token: tokenForSession(user, "pwd", session, ctx.config.jwtSecret) };
  }),

  signup: kdfProcedure.input(signupInput).mutation(async ({ ctx, input }) => {
    enforceLimit(await ctx.abuse.accountCreation(ctx.clientIp));
    const email = normalizeEmail(input.email);
    if (await ctx.store.domains.verifiedOwner(email))
      throw fieldError(
        "email",
        `Addresses at ${domainOf(email)} belong to a workspace that verified the domain. Ask its admin to invite you.`,
      );
    if (await ctx.store.accounts.isEmailClaimed(input.email)) throw fieldError("email", EMAIL_TAKEN_MESSAGE);
    const passwordHash = await hashPassword(input.password);
    const session = newSessionStart(ctx.userAgent);
    const created = await ctx.store.accounts.createWorkspace({ ...input, passwordHash }, session);
    if (!created) throw fieldError("email", EMAIL_TAKEN_MESSAGE);
    return { token: tokenForSession(created.user, "pwd", session, ctx.config.jwtSecret) };
  }),

  /** Exchanges the single-use code from the SSO callback's URL fragment for a session token. */
  redeemSsoHandoff: publicProcedure.input(redeemSsoHandoffInput).mutation(async ({ ctx, input }) => {
    const session = newSessionStart(ctx.userAgent);
    const user = await redeemHandoff(ctx.store, input.code, ctx.ssoHandoffBinder, session);
    if (!user) throw new TRPCError({ code: "UNAUTHORIZED", message: "This sign-in link has expired. Please sign in again." });
    return { token: tokenForSession(user, "sso", session, ctx.config.jwtSecret) };
  }),

  /** Ends the caller's session on the server, not only in the browser: the token stops working everywhere. */
  logout: protectedProcedure.input(z.undefined()).mutation(async ({ ctx }) => {
    await ctx.store.sessions.revokeOwn(ctx.session.user.id, ctx.session.sessionId, Date.now());
    return { ok: true };
  }),

  /** The caller's live sessions (device, when, how), the current one marked. */
  sessions: protectedProcedure.query(async ({ ctx }) => ({
    sessions: (await ctx.store.sessions.listLive(ctx.session.user.id, Date.now())).map((session) => ({
      id: session.id,
      method: session.method,
      userAgent: session.userAgent,
      createdAt: new Date(session.createdAt).toISOString(),
      lastSeenAt: new Date(session.lastSeenAt).toISOString(),
      isCurrent: session.id === ctx.session.sessionId,
    })),
  })),

  /** Ends one of the caller's own sessions (e.g. a browser left signed in elsewhere). */
  endSession: protectedProcedure.input(endSessionInput).mutation(async ({ ctx, input }) => {
    const isEnded = await ctx.store.sessions.revokeOwn(ctx.session.user.id, input.sessionId, Date.now());
    if (!isEnded) throw new TRPCError({ code: "NOT_FOUND", message: "This session has already ended" });
    return { ok: true };
  }),

  me: protectedProcedure.query(({ ctx }) => {
    const { user, tenant, method } = ctx.session;
    return {
      user: { id: user.id, email: user.email, name: user.name, role: user.role },
      tenant: { id: tenant.id, name: tenant.name },
      method,
    };
  }),
});
