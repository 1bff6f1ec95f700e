import type { SweepCounts } from "@jams/db";
import { RECHECK_INTERVAL_MS, recheckDomains } from "./domains/domain-verification.ts";
import type { AppDeps } from "./trpc/context.ts";

/** How often a process deletes what has expired; reads check expiry themselves meanwhile. */
export const MAINTENANCE_INTERVAL_MS = 60_000;

/**
 * Deletes what has outlived its use — expired handoffs, consumed states and sessions, audit events
 * past `AUDIT_RETENTION_DAYS`, idle limit counters — on a timer, so an idle server stays bounded too.
 */
export function runMaintenance(deps: Pick<AppDeps, "store" | "config">, now = Date.now()): Promise<SweepCounts> {
  return deps.store.retention.sweep(now, deps.config.retention);
}

/** Starts the clean-up timer and the hourly re-check of verified domains; a failed run is logged and tried again at its next tick. */
export function startMaintenance(deps: Pick<AppDeps, "store" | "config" | "logger" | "dns">): { stop(): void } {
  const failed = (task: string) => (error: Error) => deps.logger.error(`${task}.failed`, { error: error.name, message: error.message });
  const sweep = setInterval(() => runMaintenance(deps).catch(failed("maintenance")), MAINTENANCE_INTERVAL_MS).unref();
  const recheck = setInterval(() => {
    recheckDomains(deps)
      .then((counts) => {
        if (counts.lost + counts.missing + counts.unreachable > 0) deps.logger.info("domains.rechecked", counts);
      })
      .catch(failed("domains.recheck"));
  }, RECHECK_INTERVAL_MS).unref();
  return {
    stop: () => {
      clearInterval(sweep);
      clearInterval(recheck);
    },
  };
}
