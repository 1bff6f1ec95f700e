import { z } from "zod";
import { sha256Base64url } from "../../digest.ts";
import { newScimToken } from "../../scim/scim-token.ts";
import { adminProcedure, router } from "../init.ts";

/** Integrations → SCIM (SPEC §10): the base URL to paste into the IdP, and the tenant's one bearer token. */
export const scimRouter = router({
  get: adminProcedure.query(async ({ ctx }) => {
    const token = await ctx.store.scim.findToken(ctx.session.tenant.id);
    return {
      baseUrl: `${ctx.config.publicUrl}/scim/v2`,
      token: token
        ? {
            createdAt: new Date(token.createdAt).toISOString(),
            lastUsedAt: token.lastUsedAt === null ? null : new Date(token.lastUsedAt).toISOString(),
          }
        : null,
    };
  }),

  /** A new token, shown this once; the previous one (if any) stops working at once. */
  rotateToken: adminProcedure.input(z.undefined()).mutation(async ({ ctx }) => {
    const token = newScimToken();
    await ctx.store.scim.rotateToken(ctx.session.tenant.id, sha256Base64url(token), ctx.session.user.id, Date.now());
    return { token };
  }),

  revokeToken: adminProcedure.input(z.undefined()).mutation(async ({ ctx }) => {
    await ctx.store.scim.revokeToken(ctx.session.tenant.id, ctx.session.user.id, Date.now());
    return { ok: true };
  }),
});
