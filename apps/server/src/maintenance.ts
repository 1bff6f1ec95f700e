import type { SweepCounts } from "@jams/db";
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

/** Starts the clean-up timer; a failed run is logged and tried again at the next tick. */
export function startMaintenance(deps: Pick<AppDeps, "store" | "config" | "logger">): { stop(): void } {
  const tick = () =>
    runMaintenance(deps).catch((error: Error) => deps.logger.error("maintenance.failed", { error: error.name, message: error.message }));
  const timer = setInterval(tick, MAINTENANCE_INTERVAL_MS).unref();
  return { stop: () => clearInterval(timer) };
}
