import { describeSignInFailure } from "@jams/contracts";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppUnderTest, type AppUnderTestOverrides, startAppUnderTest } from "./support/app-under-test.ts";
import { launchChromium } from "./support/browser.ts";
import { PASSWORD, signUpThroughUi } from "./support/ui-steps.ts";

const TOO_MANY = "Too many attempts. Try again in";

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

async function newPage(): Promise<Page> {
  return (await browser.newContext()).newPage();
}

async function continueWith(page: Page, email: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Continue" }).click();
}

describe("rate limits on /login in Chromium", () => {
  const apps: AppUnderTest[] = [];
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
  });

  /** Each limit gets its own app, so one test's attempts never count against another's. */
  async function startAppLimitedTo(rateLimits: AppUnderTestOverrides["rateLimits"]) {
    const app = await startAppUnderTest({ rateLimits });
    apps.push(app);
    return app;
  }

  it("the email step says when to try again and keeps the typed email", async () => {
    const app = await startAppLimitedTo({ lookupPerIp: { limit: 2, windowMs: 60_000 } });
    const page = await newPage();
    await page.goto(`${app.baseUrl}/login`);

    // Two lookups are allowed; each time the person goes back with "Use a different email" and tries again.
    for (let allowed = 0; allowed < 2; allowed++) {
      await continueWith(page, "ada@acme.com");
      await page.getByLabel("Password").waitFor();
      await page.getByRole("button", { name: "Use a different email" }).click();
    }
    await continueWith(page, "ada@acme.com");

    const alert = page.getByRole("alert").filter({ hasText: TOO_MANY });
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/Try again in \d+ seconds?\./);
    expect(await page.getByLabel("Email").inputValue()).toBe("ada@acme.com");
    expect(await page.getByLabel("Password").count()).toBe(0);
  });

  it("the password step says when to try again and keeps the email and the password", async () => {
    const app = await startAppLimitedTo({ loginPerIp: { limit: 1, windowMs: 60_000 } });
    const page = await newPage();
    await page.goto(`${app.baseUrl}/login`);
    await continueWith(page, "nobody@acme.com");

    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").filter({ hasText: "Invalid email or password" }).waitFor();

    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").filter({ hasText: TOO_MANY }).waitFor();
    await expect.poll(() => page.getByText("nobody@acme.com", { exact: true }).isVisible()).toBe(true);
    expect(await page.getByLabel("Password").inputValue()).toBe("not the password");
  });
});

describe("Sign-in activity in Chromium", () => {
  let app: AppUnderTest;
  beforeAll(async () => {
    app = await startAppUnderTest();
  });
  afterAll(async () => {
    await app?.close();
  });

  it("shows an admin why a colleague's password sign-in failed, and when the workspace was created", async () => {
    const admin = await newPage();
    await signUpThroughUi(admin, app.baseUrl);

    const colleague = await newPage();
    await colleague.goto(`${app.baseUrl}/login`);
    await continueWith(colleague, "ada@acme.com");
    await colleague.getByLabel("Password").fill("not the password");
    await colleague.getByRole("button", { name: "Sign in" }).click();
    await colleague.getByRole("alert").filter({ hasText: "Invalid email or password" }).waitFor();

    await admin.getByRole("link", { name: "Integrations → SSO" }).click();
    await admin.getByRole("link", { name: "Sign-in activity" }).click();
    await admin.getByRole("heading", { name: "Sign-in activity", level: 1 }).waitFor();
    await expect.poll(() => admin.getByText("Use it to see why a colleague cannot sign in.").isVisible()).toBe(true);

    const table = admin.getByRole("table");
    const failure = table.getByRole("row").filter({ hasText: "Sign-in failed (password)" });
    await failure.waitFor();
    const help = describeSignInFailure("wrong_password");
    if (!help) throw new Error("wrong_password has no explanation");
    await failure.getByText("wrong_password", { exact: true }).waitFor();
    await failure.getByText(help.explanation).waitFor();
    await failure.getByText(help.fix).waitFor();
    await failure.getByText("ada@acme.com").waitFor();
    expect(await failure.locator("time").getAttribute("title")).toMatch(/\d/);

    const created = table.getByRole("row").filter({ hasText: "Workspace created" });
    await created.waitFor();
    await created.getByText("ada@acme.com").waitFor();

    // Newest first: the failure came after the workspace.
    const rows = await table.getByRole("row").allTextContents();
    const failureIndex = rows.findIndex((row) => row.includes("Sign-in failed (password)"));
    const createdIndex = rows.findIndex((row) => row.includes("Workspace created"));
    expect(failureIndex).toBeGreaterThan(0);
    expect(failureIndex).toBeLessThan(createdIndex);

    // Refresh shows a sign-in that happened since the page opened.
    await colleague.getByLabel("Password").fill(PASSWORD);
    await colleague.getByRole("button", { name: "Sign in" }).click();
    await colleague.getByText("Welcome, Ada Admin").waitFor();
    await admin.getByRole("button", { name: "Refresh" }).click();
    await table.getByRole("row").filter({ hasText: "Signed in with password" }).waitFor();

    // Filtered to failures, the other events leave the table.
    await admin.getByLabel("Show").selectOption("failures");
    await expect.poll(() => table.getByRole("row").filter({ hasText: "Workspace created" }).count()).toBe(0);
    await table.getByRole("row").filter({ hasText: "Sign-in failed (password)" }).waitFor();
  });
});
