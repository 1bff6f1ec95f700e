import type { AppDeps } from "./trpc/context.ts";

/** How often a process clears expired one-time rows (handoffs, consumed states); reads check expiry meanwhile. */
export const MAINTENANCE_INTERVAL_MS = 60_000;

/** Runs the periodic clean-up of expired rows, on a timer rather than on sign-ins, so an idle server stays tidy too. */
export async function runMaintenance(deps: Pick<AppDeps, "store">, now = Date.now()): Promise<void> {
  await deps.store.sso.sweepExpired(now);
}

/** Starts the clean-up timer; a failed run is logged and tried again at the next tick. */
export function startMaintenance(deps: Pick<AppDeps, "store" | "logger">): { stop(): void } {
  const tick = () =>
    runMaintenance(deps).catch((error: Error) => deps.logger.error("maintenance.failed", { error: error.name, message: error.message }));
  const timer = setInterval(tick, MAINTENANCE_INTERVAL_MS).unref();
  return { stop: () => clearInterval(timer) };
}
