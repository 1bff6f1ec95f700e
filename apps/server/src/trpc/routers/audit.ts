import { auditListInput } from "@jams/contracts";
import { adminProcedure, router } from "../init.ts";

export const auditRouter = router({
  /** Recent sign-ins, failures and settings changes of the admin's own tenant (Sign-in activity). */
  list: adminProcedure.input(auditListInput).query(async ({ ctx, input }) => ({
    events: (await ctx.store.audit.listForTenant(ctx.session.tenant.id, input?.limit ?? 100)).map((event) => ({
      ...event,
      createdAt: new Date(event.createdAt).toISOString(),
    })),
  })),
});
