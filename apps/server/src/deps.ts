import type { Store } from "@jams/db";
import { AbuseGuard } from "./abuse/abuse-guard.ts";
import type { AppConfig } from "./config.ts";
import { createTxtLookup } from "./domains/txt-lookup.ts";
import type { Logger } from "./logger.ts";
import type { Mailer } from "./mail/mailer.ts";
import { type BackChannelPolicy, createBackChannelFetch } from "./sso/back-channel-fetch.ts";
import { IdpMetadataCache } from "./sso/idp-metadata.ts";
import { JwksCache, type JwksCacheOptions } from "./sso/jwks-cache.ts";
import type { AppDeps } from "./trpc/context.ts";

/** Knobs tests turn: a shorter back-channel budget, a test-only address policy, JWKS timings. */
export interface DepsOverrides {
  backChannel?: Partial<BackChannelPolicy>;
  jwks?: JwksCacheOptions;
  /** The clock of the abuse limits. */
  now?: () => number;
  /** Sends the product's mail (built from `SMTP_URL` by the server's entry point). */
  mailer?: Mailer;
}

/** Wires the long-lived parts every request shares. */
export function createDeps(config: AppConfig, store: Store, logger: Logger, overrides: DepsOverrides = {}): AppDeps {
  const backChannelFetch = createBackChannelFetch({ allowInsecure: config.allowInsecureIssuers, ...overrides.backChannel });
  const transport = { backChannelFetch, allowInsecure: overrides.backChannel?.allowHttp ?? config.allowInsecureIssuers };
  return {
    config,
    store,
    logger,
    abuse: new AbuseGuard(store.abuse, config.rateLimits, {
      now: overrides.now,
      onFlushError: (error) => logger.error("abuse.flush_failed", { error: error.name, message: error.message }),
    }),
    mailer: overrides.mailer ?? null,
    dns: { lookupTxt: createTxtLookup(config.dnsServers) },
    sso: { transport, metadata: new IdpMetadataCache(transport), jwks: new JwksCache(backChannelFetch, overrides.jwks) },
  };
}
