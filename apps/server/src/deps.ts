import type { Db } from "@jams/db";
import type { AppConfig } from "./config.ts";
import type { Logger } from "./logger.ts";
import { createBackChannelFetch } from "./sso/back-channel-fetch.ts";
import { IdpMetadataCache } from "./sso/idp-metadata.ts";
import type { AppDeps } from "./trpc/context.ts";

/** Wires the long-lived parts every request shares. */
export function createDeps(config: AppConfig, db: Db, logger: Logger): AppDeps {
  const transport = {
    backChannelFetch: createBackChannelFetch({ allowInsecure: config.allowInsecureIssuers }),
    allowInsecure: config.allowInsecureIssuers,
  };
  return { config, db, logger, sso: { transport, metadata: new IdpMetadataCache(transport) } };
}
