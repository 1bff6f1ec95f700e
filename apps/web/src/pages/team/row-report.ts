import type { RouterOutputs } from "../../lib/api-types.ts";

export type Member = RouterOutputs["team"]["list"]["members"][number];

/** What the last action on a row said: a confirmation, or a new invite link to pass on. */
export type RowOutcome = { text: string; link?: { email: string; url: string } };

/** How a row's actions report to the table: what happened, what failed, and that the list changed. */
export interface RowReport {
  onOutcome: (outcome: RowOutcome | null) => void;
  onFailure: (error: unknown) => void;
  onChange: () => void;
}

/**
 * A row action's mutation callbacks: clear the last report when it starts, say what `success`
 * makes of the answer (nothing when it returns null), report a failure, and refresh the list.
 */
export function rowHandlers<T>(report: RowReport, success: (data: T) => RowOutcome | null | Promise<RowOutcome | null>) {
  return {
    onMutate: () => {
      report.onFailure(null);
      report.onOutcome(null);
    },
    onSuccess: async (data: T) => report.onOutcome(await success(data)),
    onError: report.onFailure,
    onSettled: report.onChange,
  };
}
