import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { AxeResults } from "axe-core";
import type { Page } from "playwright-core";

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/** WCAG 2.1 A and AA, plus axe's best practices (landmarks, one `h1`, heading order…). */
export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];

/**
 * Runs axe-core on the page as it is now and returns one line per violation: rule id, impact, what
 * to fix and the CSS selectors of the failing nodes, so a failed assertion says where to look.
 *
 * axe is injected with `page.evaluate`, which goes through the DevTools protocol: the app's CSP
 * (`script-src 'self'`, no inline script) does not apply to it, so the page is checked exactly as
 * it ships, with no `bypassCSP` context (`page.addScriptTag` would add an inline `<script>` the
 * CSP blocks).
 */
export async function findAxeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(async (tags) => {
    const { axe } = window as unknown as { axe: { run: (context: Document, options: object) => Promise<AxeResults> } };
    return axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
  }, AXE_TAGS);
  return results.violations.map((violation) => {
    const targets = violation.nodes.map((node) => node.target.join(" ")).join(", ");
    return `${violation.id} (${violation.impact ?? "no impact"}): ${violation.help} — ${targets}`;
  });
}
