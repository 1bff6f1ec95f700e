import type { LocalIdp } from "@jams/local-idp";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppUnderTest, startAppUnderTest } from "./support/app-under-test.ts";
import { launchChromium } from "./support/browser.ts";
import { E2E_CLIENT_ID, E2E_CLIENT_SECRET, startIdpForApp } from "./support/local-idp-for-app.ts";
import { continueWithEmail as continueWith, signInAtIdp as signInAt } from "./support/sso-steps.ts";
import { PASSWORD, signUpThroughUi } from "./support/ui-steps.ts";

const SSO_NAME = "Acme Okta";

let app: AppUnderTest;
let idp: LocalIdp;
let browser: Browser;
const answers: string[] = [];

beforeAll(async () => {
  [app, browser] = await Promise.all([startAppUnderTest(), launchChromium()]);
  idp = await startIdpForApp(app.baseUrl, [
    { email: "Ada@Acme.com", emailVerified: true },
    { email: "mo@acme.com", emailVerified: true },
    { email: "una@acme.com", emailOnlyInUserinfo: true, emailVerified: true },
    { email: "stranger@acme.com" },
  ]);
});
afterAll(async () => {
  await browser?.close();
  await idp?.close();
  await app?.close();
});

/** A fresh browser profile whose tRPC answers are all kept, to look for leaked secrets. */
async function newPerson(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on("response", async (response) => {
    if (response.url().includes("/trpc/")) answers.push(await response.text().catch(() => ""));
  });
  return { context, page };
}

const continueWithEmail = (page: Page, email: string) => continueWith(page, app.baseUrl, email);
const signInAtIdp = (page: Page, email?: string) => signInAt(page, idp.issuer, app.baseUrl, email);

async function inviteLinkFor(admin: Page, email: string) {
  await admin.goto(`${app.baseUrl}/team`);
  await admin.getByLabel("Email").fill(email);
  await admin.getByRole("button", { name: "Send invite" }).click();
  await expect
    .poll(async () =>
      (
        await admin
          .getByLabel("Invite link")
          .inputValue()
          .catch(() => "")
      ).includes("/invite/"),
    )
    .toBe(true);
  return admin.getByLabel("Invite link").inputValue();
}

describe("SSO journeys in Chromium against the real local IdP", () => {
  let admin: Page;

  it("an admin configures SSO through the form, pasting the issuer with its discovery suffix", async () => {
    ({ page: admin } = await newPerson());
    await signUpThroughUi(admin, app.baseUrl);
    await admin.getByRole("link", { name: "Integrations → SSO" }).click();
    expect(await admin.getByLabel("Redirect URI").inputValue()).toBe(`${app.baseUrl}/auth/sso/callback`);
    await admin.getByLabel("Configuration name").fill(SSO_NAME);
    await admin.getByLabel("Issuer URL").fill(`${idp.issuer}/.well-known/openid-configuration`);
    await admin.getByLabel("Client ID").fill(E2E_CLIENT_ID);
    await admin.getByLabel("Client Secret").fill(E2E_CLIENT_SECRET);
    await admin.getByRole("button", { name: "Save" }).click();
    await admin.getByText("Saved").waitFor();
    await expect.poll(() => admin.getByLabel("Issuer URL").inputValue()).toBe(idp.issuer);
  });

  it("keeps Enforce SSO locked until a test sign-in works, saying so and offering the test", async () => {
    const enforce = admin.getByRole("switch", { name: "Enforce SSO" });
    expect(await enforce.isDisabled()).toBe(true);
    await admin.getByText("Run Test sign-in first").waitFor();
    await admin.getByRole("button", { name: "Go to Test sign-in" }).click();
    expect(await admin.evaluate(() => document.activeElement?.textContent)).toBe("Test sign-in");
  });

  it("Test sign-in runs in its own window, reports success with the IdP's claims, and leaves the admin signed in", async () => {
    const [popup] = await Promise.all([
      admin.waitForEvent("popup"),
      admin.getByRole("button", { name: "Test sign-in", exact: true }).click(),
    ]);
    await signInAtIdp(popup);
    await popup.getByRole("heading", { name: "Test sign-in worked" }).waitFor();
    await popup.getByRole("button", { name: "Close this window" }).waitFor();
    await popup.close();
    await admin.getByText("Test sign-in worked").waitFor();
    await admin.getByText("What the identity provider returned").waitFor();
    expect(await admin.getByRole("switch", { name: "Enforce SSO" }).isDisabled()).toBe(false);
    await admin.goto(`${app.baseUrl}/`);
    await admin.getByText("Signed in with password").waitFor();
    await admin.getByText("is connected and tested").waitFor();
  });

  it("signs the admin out, then in through the IdP with the email typed in mixed case", async () => {
    await admin.getByRole("button", { name: "Log out" }).click();
    await admin.waitForURL(/\/login/);
    await continueWithEmail(admin, "ADA@Acme.COM");
    await admin.getByLabel("Password").waitFor();
    await admin.getByRole("button", { name: `Continue with ${SSO_NAME}` }).click();
    // The test window's sign-in left a session at the IdP: it may send the admin straight back.
    await admin.waitForURL((url) => url.origin === idp.issuer || url.pathname === "/");
    if (new URL(admin.url()).origin === idp.issuer) await signInAtIdp(admin);
    await admin.getByText("Signed in with single sign-on").waitFor();
    expect(new URL(admin.url()).hash).toBe("");
  });

  it("enforces SSO under that SSO session, after confirming", async () => {
    await admin.getByRole("link", { name: "Integrations → SSO" }).click();
    const enforce = admin.getByRole("switch", { name: "Enforce SSO" });
    await enforce.click();
    await admin.getByText("every password session ends now").waitFor();
    await admin.getByRole("button", { name: "Yes, enforce SSO" }).click();
    await expect.poll(() => enforce.getAttribute("aria-checked")).toBe("true");
  });

  it("then offers only the SSO button on /login: password login is gone", async () => {
    const { page } = await newPerson();
    await continueWithEmail(page, "ada@acme.com");
    await page.getByRole("button", { name: `Continue with ${SSO_NAME}` }).waitFor();
    expect(await page.getByLabel("Password").count()).toBe(0);
    const refused = await page.evaluate(
      async (body) => {
        const response = await fetch("/trpc/auth.passwordLogin", { method: "POST", headers: { "content-type": "application/json" }, body });
        return { status: response.status, text: await response.text() };
      },
      JSON.stringify({ email: "ada@acme.com", password: PASSWORD }),
    );
    expect(refused.status).toBe(403);
    expect(refused.text).toContain("sso_required");
  });

  it("an invite accepted in the enforced tenant asks no password and goes straight to the IdP", async () => {
    const inviteUrl = await inviteLinkFor(admin, "mo@acme.com");
    const { page: mo } = await newPerson();
    await mo.goto(inviteUrl);
    await mo.getByLabel("Your name").fill("Mo Member");
    expect(await mo.getByLabel("Password").count()).toBe(0);
    await mo.getByRole("button", { name: "Accept invite" }).click();
    await signInAtIdp(mo);
    await mo.getByText("Welcome, Mo Member").waitFor();
    await mo.getByText("Signed in with single sign-on").waitFor();
  });

  it("signs in a user whose IdP puts the email only in userinfo", async () => {
    const inviteUrl = await inviteLinkFor(admin, "una@acme.com");
    const { page: una } = await newPerson();
    await una.goto(inviteUrl);
    await una.getByLabel("Your name").fill("Una Userinfo");
    await una.getByRole("button", { name: "Accept invite" }).click();
    await signInAtIdp(una);
    await una.getByText("Welcome, Una Userinfo").waitFor();
  });

  it("a sign-in link opened from a mail app asks first, on JAMS IMES's own page, then continues to the IdP", async () => {
    const { page } = await newPerson();
    await page.goto(`${app.baseUrl}/auth/sso/start?${new URLSearchParams({ email: "mo@acme.com" })}`);
    await page.getByRole("heading", { name: `Continue to ${SSO_NAME}?` }).waitFor();
    await page.getByText("mo@acme.com").waitFor();
    await page.getByRole("button", { name: `Continue to ${SSO_NAME}` }).click();
    await signInAtIdp(page);
    await page.getByText("Welcome, Mo Member").waitFor();
  });

  it("explains a failed sign-in on /login: the IdP's user was never invited", async () => {
    const { page } = await newPerson();
    await continueWithEmail(page, "mo@acme.com");
    await page.getByRole("button", { name: `Continue with ${SSO_NAME}` }).click();
    await signInAtIdp(page, "stranger@acme.com");
    expect(new URL(page.url()).searchParams.get("sso_error")).toBe("user_not_provisioned");
    const alert = page.getByRole("alert");
    await alert.filter({ hasText: "doesn't match any JAMS IMES user" }).waitFor();
    await alert.filter({ hasText: "invite you from Team Members" }).waitFor();
  });

  it("Remove SSO restores password login", async () => {
    await admin.goto(`${app.baseUrl}/integrations/sso`);
    await admin.getByRole("button", { name: "Remove SSO" }).click();
    await admin.getByRole("button", { name: "Yes, remove SSO" }).click();
    await admin.getByText("SSO is not set up yet.").waitFor();
    const { page } = await newPerson();
    await continueWithEmail(page, "ada@acme.com");
    expect(await page.getByRole("button", { name: `Continue with ${SSO_NAME}` }).count()).toBe(0);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByText("Signed in with password").waitFor();
  });

  it("never shows the client secret in a tRPC answer or a server log line", () => {
    expect(answers.length).toBeGreaterThan(10);
    expect(answers.join("\n")).not.toContain(E2E_CLIENT_SECRET);
    expect(app.logs.length).toBeGreaterThan(10);
    expect(app.logs.join("\n")).not.toContain(E2E_CLIENT_SECRET);
  });
});
