import { describeSsoError, SSO_ERROR_CODES } from "@jams/contracts";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppUnderTest, startAppUnderTest } from "./support/app-under-test.ts";
import { launchChromium } from "./support/browser.ts";

let app: AppUnderTest;
let browser: Browser;

beforeAll(async () => {
  [app, browser] = await Promise.all([startAppUnderTest(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe("/login?sso_error=<code>", () => {
  it("explains every SSO error code with the help page's explanation and fix", async () => {
    const page = await (await browser.newContext()).newPage();
    for (const code of SSO_ERROR_CODES) {
      await page.goto(`${app.baseUrl}/login?sso_error=${code}`);
      const alert = page.getByRole("alert");
      const { explanation, fix } = describeSsoError(code);
      await alert.filter({ hasText: explanation }).waitFor();
      await alert.filter({ hasText: fix }).waitFor();
      await alert.filter({ hasText: code }).waitFor();
    }
  });

  it("renders an unknown code as text, never as markup", async () => {
    const page = await (await browser.newContext()).newPage();
    const dialogs: string[] = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(`${app.baseUrl}/login?sso_error=${encodeURIComponent("<img src=x onerror=alert(1)>")}`);
    await page.getByRole("alert").waitFor();
    expect(await page.locator("img[src=x]").count()).toBe(0);
    expect(dialogs).toEqual([]);
  });
});
