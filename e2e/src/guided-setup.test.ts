import type { LocalIdp } from "@jams/local-idp";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppUnderTest, startAppUnderTest } from "./support/app-under-test.ts";
import { findAxeViolations } from "./support/axe.ts";
import { launchChromium } from "./support/browser.ts";
import { E2E_CLIENT_ID, E2E_CLIENT_SECRET, startIdpForApp } from "./support/local-idp-for-app.ts";
import { signUpThroughUi } from "./support/ui-steps.ts";

/** The guide pages are checked against WCAG 2.0 A and AA. */
const WCAG_2_A_AA = ["wcag2a", "wcag2aa"];

let app: AppUnderTest;
let idp: LocalIdp;
let browser: Browser;

beforeAll(async () => {
  [app, browser] = await Promise.all([startAppUnderTest(), launchChromium()]);
  idp = await startIdpForApp(app.baseUrl, [{ email: "ada@acme.com", emailVerified: true }]);
});
afterAll(async () => {
  await browser?.close();
  await idp?.close();
  await app?.close();
});

/** What a screen reader reads after a field's name: its hint, advice and error (`aria-describedby`). */
function descriptionOf(field: Locator): Promise<string> {
  return field.evaluate((element) =>
    (element.getAttribute("aria-describedby") ?? "")
      .split(" ")
      .map((id) => document.getElementById(id)?.textContent ?? "")
      .join(" "),
  );
}

/** Marks the document, so a later check can tell an in-app navigation from a page load. */
async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as { loadedOnce?: boolean }).loadedOnce = true;
  });
}
const isSameDocument = (page: Page) => page.evaluate(() => (window as { loadedOnce?: boolean }).loadedOnce === true);

const isFocused = (element: Locator) => element.evaluate((node) => node === document.activeElement);
const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent?.trim() ?? "");

describe("guided SSO setup in Chromium", () => {
  let admin: Page;
  let panel: Locator;

  it("picking Microsoft Entra ID turns the hints into Entra's own field names", async () => {
    admin = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await signUpThroughUi(admin, app.baseUrl);
    await admin.getByRole("link", { name: "Integrations → SSO" }).click();

    const picker = admin.getByRole("group", { name: "Identity provider" });
    await picker.waitFor();
    expect(await picker.getByRole("radio").count()).toBe(6);
    expect(await picker.getByRole("radio", { checked: true }).count()).toBe(0);
    await picker.getByRole("radio", { name: "Microsoft Entra ID" }).check();

    const clientId = admin.getByLabel("Client ID", { exact: true });
    await expect.poll(() => descriptionOf(clientId)).toContain("Application (client) ID");
    expect(await descriptionOf(admin.getByLabel("Client Secret", { exact: true }))).toContain("not the Secret ID");
    expect(await descriptionOf(admin.getByLabel("Issuer URL"))).toContain("Directory (tenant) ID");
    expect(await descriptionOf(admin.getByLabel("Secret expires on"))).toContain("Expires");
    expect(await admin.getByLabel("Configuration name").inputValue()).toBe("Microsoft Entra ID");
  });

  it("warns under the field when the value looks like another one of Entra's", async () => {
    await admin.getByLabel("Client Secret", { exact: true }).fill("0f8fad5b-d9cb-469f-a165-70867728950e");
    await expect.poll(() => descriptionOf(admin.getByLabel("Client Secret", { exact: true }))).toContain("looks like the Secret ID");
    await admin.getByLabel("Issuer URL").fill("https://login.microsoftonline.com/common/v2.0");
    await expect.poll(() => descriptionOf(admin.getByLabel("Issuer URL"))).toContain("multi-tenant URL");
  });

  it("opens the Entra ID guide beside the settings, rendered, with focus on its heading", async () => {
    await markDocument(admin);
    const openGuide = admin.getByRole("link", { name: "Open the Entra ID guide", exact: true });
    await openGuide.click();
    panel = admin.getByRole("complementary", { name: "Set up SSO with Microsoft Entra ID" });
    await panel.getByRole("heading", { name: "Where each value lives" }).waitFor();
    await expect.poll(() => focusedText(admin)).toBe("Set up SSO with Microsoft Entra ID");
    expect(new URL(admin.url()).pathname).toBe("/integrations/sso");

    expect(await panel.getByRole("table").first().isVisible()).toBe(true);
    expect(await panel.getByRole("cell", { name: "Application (client) ID (app registration → Overview)" }).count()).toBe(1);
    expect(await panel.textContent()).not.toMatch(/(^|\n)#{1,6} |\*\*/);
    // The form stays usable beside it.
    expect(await admin.getByLabel("Configuration name").isVisible()).toBe(true);
    const [formBox, panelBox] = await Promise.all([admin.getByLabel("Configuration name").boundingBox(), panel.boundingBox()]);
    expect(panelBox?.x ?? 0).toBeGreaterThan((formBox?.x ?? 0) + (formBox?.width ?? 0));
    expect(await findAxeViolations(admin, { include: ".guided-layout", tags: WCAG_2_A_AA })).toEqual([]);
  });

  it("follows a link to another guide inside the panel, and Escape gives focus back to the link that opened it", async () => {
    await panel.getByRole("link", { name: "Troubleshooting" }).first().click();
    const overview = admin.getByRole("complementary", { name: "Single Sign-On (SSO)" });
    await overview.getByRole("heading", { name: "Troubleshooting" }).waitFor();
    await expect.poll(() => focusedText(admin)).toBe("Single Sign-On (SSO)");
    expect(new URL(admin.url()).pathname).toBe("/integrations/sso");
    expect(await isSameDocument(admin)).toBe(true);

    await admin.keyboard.press("Escape");
    await expect.poll(() => admin.getByRole("complementary").count()).toBe(0);
    expect(await isFocused(admin.getByRole("link", { name: "Open the Entra ID guide", exact: true }))).toBe(true);
  });

  it("opens a guide as its own page, where links between guides navigate within the app", async () => {
    await admin.getByRole("link", { name: "Okta", exact: true }).click();
    const okta = admin.getByRole("complementary", { name: "Set up SSO with Okta" });
    await okta.getByRole("link", { name: "Open as a page" }).click();
    await admin.waitForURL(`${app.baseUrl}/integrations/sso/guides/okta`);
    await admin.getByRole("heading", { level: 1, name: "Set up SSO with Okta" }).waitFor();
    await admin.getByRole("table").first().waitFor();
    expect(await findAxeViolations(admin, { include: "main", tags: WCAG_2_A_AA })).toEqual([]);

    await admin.getByRole("link", { name: "Troubleshooting" }).first().click();
    await admin.waitForURL(`${app.baseUrl}/integrations/sso/guides/overview#troubleshooting`);
    await admin.getByRole("heading", { level: 1, name: "Single Sign-On (SSO)" }).waitFor();
    await admin.getByRole("heading", { level: 2, name: "Troubleshooting" }).waitFor();
    expect(await isSameDocument(admin)).toBe(true);

    const external = admin.getByRole("link", { name: /openid-connect-backchannel/ }).first();
    if ((await external.count()) > 0) expect(await external.getAttribute("rel")).toBe("noreferrer");
    await admin.getByRole("link", { name: "Keycloak", exact: true }).click();
    await admin.getByRole("heading", { level: 1, name: "Set up SSO with Keycloak" }).waitFor();
  });

  it("answers an unknown guide with the not-found page", async () => {
    await admin.goto(`${app.baseUrl}/integrations/sso/guides/security`);
    await admin.getByRole("heading", { name: "Page not found" }).waitFor();
  });

  it("on a phone-sized screen, the guide opens as a page", async () => {
    await admin.setViewportSize({ width: 390, height: 844 });
    await admin.goto(`${app.baseUrl}/integrations/sso`);
    await admin.getByRole("group", { name: "Identity provider" }).getByRole("radio", { name: "Keycloak" }).check();
    await admin.getByRole("link", { name: "Open the Keycloak guide", exact: true }).click();
    await admin.waitForURL(`${app.baseUrl}/integrations/sso/guides/keycloak`);
    await admin.getByRole("heading", { level: 1, name: "Set up SSO with Keycloak" }).waitFor();
    await admin.getByRole("table").first().waitFor();
    expect(await admin.getByRole("complementary").count()).toBe(0);
    await admin.setViewportSize({ width: 1280, height: 900 });
  });

  it("saves the picked identity provider and the secret's expiry, and shows them again", async () => {
    await admin.goto(`${app.baseUrl}/integrations/sso`);
    await admin.getByRole("radio", { name: "Other OIDC provider" }).check();
    await admin.getByLabel("Configuration name").fill("Acme IdP");
    await admin.getByLabel("Issuer URL").fill(idp.issuer);
    await admin.getByLabel("Client ID", { exact: true }).fill(E2E_CLIENT_ID);
    await admin.getByLabel("Client Secret", { exact: true }).fill(E2E_CLIENT_SECRET);
    await admin.getByLabel("Secret expires on").fill("2001-01-01");
    await admin.getByRole("button", { name: "Save" }).click();
    await admin.getByRole("alert").filter({ hasText: "This date has passed" }).waitFor();
    expect(await descriptionOf(admin.getByLabel("Secret expires on"))).toContain("This date has passed");

    const nextYear = `${new Date().getUTCFullYear() + 1}-06-30`;
    await admin.getByLabel("Secret expires on").fill(nextYear);
    await admin.getByRole("button", { name: "Save" }).click();
    await admin.getByText("Saved").waitFor();

    await admin.reload();
    await expect.poll(() => admin.getByRole("radio", { name: "Other OIDC provider" }).isChecked()).toBe(true);
    expect(await admin.getByLabel("Secret expires on").inputValue()).toBe(nextYear);
    expect(await admin.getByRole("link", { name: "Open the guide for other OIDC providers" }).count()).toBe(1);
  });
});

describe("SCIM setup guides in Chromium", () => {
  it("open beside the provisioning settings too", async () => {
    const admin = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await signUpThroughUi(admin, app.baseUrl, { workspace: "Globex", name: "Gil Admin", email: "gil@globex.com" });
    await admin.getByRole("link", { name: "Integrations → SCIM" }).click();
    await admin.getByRole("link", { name: "How provisioning works" }).click();
    const panel = admin.getByRole("complementary", { name: "SCIM provisioning" });
    await panel.getByRole("heading", { name: "Troubleshooting" }).waitFor();
    await panel.getByRole("button", { name: "Close guide" }).click();
    await expect.poll(() => admin.getByRole("complementary").count()).toBe(0);
    expect(await isFocused(admin.getByRole("link", { name: "How provisioning works", exact: true }))).toBe(true);
  });
});
