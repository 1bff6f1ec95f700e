import { router } from "./init.ts";
import { auditRouter } from "./routers/audit.ts";
import { authRouter } from "./routers/auth.ts";
import { domainsRouter } from "./routers/domains.ts";
import { invitesRouter } from "./routers/invites.ts";
import { scimRouter } from "./routers/scim.ts";
import { ssoRouter } from "./routers/sso.ts";
import { teamRouter } from "./routers/team.ts";

export const appRouter = router({
  auth: authRouter,
  sso: ssoRouter,
  team: teamRouter,
  invites: invitesRouter,
  audit: auditRouter,
  scim: scimRouter,
  domains: domainsRouter,
});

export type AppRouter = typeof appRouter;
