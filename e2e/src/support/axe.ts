import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { AxeResults } from "axe-core";
import type { Page } from "playwright-core";

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/** WCAG 2.1 A and AA, plus axe's best practices (landmarks, one `h1`, heading order…). */
export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];

/**
 * Runs axe-core on the page as it is now (or on the part `include` selects, with other `tags`) and
 * returns one line per violation: rule id, impact, what to fix and the CSS selectors of the failing
 * nodes, so a failed assertion says where to look.
 *
 * axe is injected with `page.evaluate`, which goes through the DevTools protocol: the app's CSP
 * (`script-src 'self'`, no inline script) does not apply to it, so the page is checked exactly as
 * it ships, with no `bypassCSP` context (`page.addScriptTag` would add an inline `<script>` the
 * CSP blocks).
 */
export async function findAxeViolations(
  page: Page,
  { include, tags = AXE_TAGS }: { include?: string; tags?: string[] } = {},
): Promise<string[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(
    async ({ include, tags }) => {
      const { axe } = window as unknown as { axe: { run: (context: Document | string, options: object) => Promise<AxeResults> } };
      return axe.run(include ?? document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    },
    { include, tags },
  );
  return results.violations.map((violation) => {
    const targets = violation.nodes.map((node) => node.target.join(" ")).join(", ");
    return `${violation.id} (${violation.impact ?? "no impact"}): ${violation.help} — ${targets}`;
  });
}
