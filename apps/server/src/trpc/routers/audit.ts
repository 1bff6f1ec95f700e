import { auditListInput } from "@jams/contracts";
import { adminProcedure, router } from "../init.ts";

export const auditRouter = router({
  /** Recent sign-ins, failures and settings changes of the admin's own tenant (Sign-in activity). */
  list: adminProcedure.input(auditListInput).query(async ({ ctx, input }) => {
    const page = { limit: input?.limit ?? 50, beforeId: input?.cursor, category: input?.category ?? "all" };
    const events = await ctx.store.audit.listForTenant(ctx.session.tenant.id, page);
    return {
      events: events.map((event) => ({
        ...event,
        createdAt: new Date(event.createdAt).toISOString(),
        lastSeenAt: event.lastSeenAt === null ? null : new Date(event.lastSeenAt).toISOString(),
      })),
      /** Set when there may be older events: the `cursor` of the next page. */
      nextCursor: events.length === page.limit ? events.at(-1)?.id : undefined,
    };
  }),
});
