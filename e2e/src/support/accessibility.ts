import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

interface AxeResults {
  violations: { id: string; nodes: { target: unknown[] }[] }[];
}

/**
 * axe-core's WCAG 2 A/AA violations inside `selector`, one "rule: element" line each. Evaluated
 * through the DevTools protocol, so the app's CSP (no inline script) needs no exception.
 */
export async function accessibilityViolations(page: Page, selector: string): Promise<string[]> {
  await page.evaluate(axeSource);
  const results = await page.evaluate(
    (include) =>
      (window as unknown as { axe: { run: (context: string, options: object) => Promise<AxeResults> } }).axe.run(include, {
        runOnly: ["wcag2a", "wcag2aa"],
      }),
    selector,
  );
  return results.violations.flatMap((violation) => violation.nodes.map((node) => `${violation.id}: ${node.target.join(" ")}`));
}
