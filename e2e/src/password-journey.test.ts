import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppUnderTest, startAppUnderTest } from "./support/app-under-test.ts";
import { launchChromium } from "./support/browser.ts";
import { PASSWORD, signUpThroughUi } from "./support/ui-steps.ts";

let app: AppUnderTest;
let browser: Browser;

beforeAll(async () => {
  [app, browser] = await Promise.all([startAppUnderTest(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function signInWithPassword(page: Page, email: string) {
  await page.goto(`${app.baseUrl}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
}

describe("password accounts, invitations and Team Members in Chromium", () => {
  it("sign up → invite → accept in another browser → mixed-case sign-in → deactivation cuts the member off", async () => {
    const admin = await (await browser.newContext()).newPage();
    await signUpThroughUi(admin, app.baseUrl);

    await admin.getByRole("link", { name: "Team Members" }).click();
    await admin.getByLabel("Email").fill("mo@acme.com");
    await admin.getByLabel("Role", { exact: true }).selectOption("member");
    await admin.getByRole("button", { name: "Send invite" }).click();
    const inviteLink = admin.getByLabel("Invite link");
    await inviteLink.waitFor();
    const inviteUrl = await inviteLink.inputValue();
    expect(inviteUrl).toMatch(new RegExp(`^${app.baseUrl}/invite/[\\w-]{20,}$`));

    const member = await (await browser.newContext()).newPage();
    await member.goto(inviteUrl);
    await member.getByText("Join Acme").waitFor();
    await expect.poll(() => member.getByText("mo@acme.com").isVisible()).toBe(true);
    await member.getByLabel("Your name").fill("Mo Member");
    await member.getByLabel("Password").fill(PASSWORD);
    await member.getByRole("button", { name: "Accept invite" }).click();
    await member.getByText("Welcome, Mo Member").waitFor();
    expect(await member.evaluate(() => localStorage.getItem("jams.session"))).toMatch(/^ey/);

    await member.getByRole("button", { name: "Log out" }).click();
    await member.waitForURL(/\/login/);
    expect(await member.evaluate(() => localStorage.getItem("jams.session"))).toBeNull();
    await signInWithPassword(member, "Mo@ACME.com");
    await member.getByText("Welcome, Mo Member").waitFor();

    await admin.reload();
    await admin.getByRole("button", { name: "Deactivate mo@acme.com" }).click();
    await admin.getByRole("button", { name: "Reactivate mo@acme.com" }).waitFor();

    await member.reload();
    await member.waitForURL(/\/login/);
    await signInWithPassword(member, "mo@acme.com");
    await member.getByText("Invalid email or password").waitFor();
    expect(await member.evaluate(() => localStorage.getItem("jams.session"))).toBeNull();
  });
});
