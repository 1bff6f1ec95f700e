import type { AppRouter } from "@jams/server";
import type { inferRouterOutputs } from "@trpc/server";

/** What each procedure answers, e.g. `RouterOutputs["team"]["list"]`. */
export type RouterOutputs = inferRouterOutputs<AppRouter>;

/** A saved SSO configuration as `sso.get` shows it (never the secret). */
export type SsoConfig = NonNullable<RouterOutputs["sso"]["get"]["config"]>;
