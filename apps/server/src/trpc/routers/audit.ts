import { auditListInput } from "@jams/contracts";
import { listAuditEvents } from "../../audit/audit-query.ts";
import { adminProcedure, router } from "../init.ts";

export const auditRouter = router({
  /** Recent sign-ins, failures and settings changes of the admin's own tenant (Sign-in activity). */
  list: adminProcedure.input(auditListInput).query(({ ctx, input }) => ({
    events: listAuditEvents(ctx.db, ctx.session.tenant.id, input?.limit ?? 100),
  })),
});
