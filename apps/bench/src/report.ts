import type { Spread } from "./stats.ts";

export interface Budget {
  name: string;
  value: number;
  limit: number;
  unit: string;
  /** "max": value must be ≤ limit; "min": value must be ≥ limit. */
  kind: "max" | "min";
}

export const isMet = (budget: Budget) => (budget.kind === "max" ? budget.value <= budget.limit : budget.value >= budget.limit);

const fmt = (value: number) => (Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(2));
export const fmtSpread = (spread: Spread, unit = "") => `${fmt(spread.median)}${unit} (${fmt(spread.min)}–${fmt(spread.max)})`;

/** A plain text table: one row per figure. */
export function table(rows: Array<[string, string]>): string {
  const width = Math.max(...rows.map(([name]) => name.length));
  return rows.map(([name, value]) => `  ${name.padEnd(width)}  ${value}`).join("\n");
}

export function budgetLines(budgets: Budget[]): string {
  return budgets
    .map((budget) => {
      const comparator = budget.kind === "max" ? "≤" : "≥";
      return `  ${isMet(budget) ? "met    " : "NOT MET"}  ${budget.name}: ${fmt(budget.value)}${budget.unit} (budget ${comparator} ${fmt(budget.limit)}${budget.unit})`;
    })
    .join("\n");
}
