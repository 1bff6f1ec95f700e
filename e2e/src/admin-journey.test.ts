import type { LocalIdp } from "@jams/local-idp";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppUnderTest, startAppUnderTest } from "./support/app-under-test.ts";
import { launchChromium } from "./support/browser.ts";
import { callsAs, dateIn } from "./support/calls-as.ts";
import { localIdpSettings, startIdpForApp } from "./support/local-idp-for-app.ts";
import { signInThroughSso } from "./support/sso-steps.ts";
import { signUpThroughUi } from "./support/ui-steps.ts";

let app: AppUnderTest;
let idp: LocalIdp;
let browser: Browser;
let admin: Page;

beforeAll(async () => {
  [app, browser] = await Promise.all([startAppUnderTest(), launchChromium()]);
  idp = await startIdpForApp(app.baseUrl, [{ email: "pat@acme.com", sub: "pat-original" }]);
});
afterAll(async () => {
  await browser?.close();
  await idp?.close();
  await app?.close();
});

/** tRPC calls as the admin signed in on `admin`. */
const asAdmin = () => callsAs(admin, app.baseUrl);

/** Someone new, in their own browser, signing in through the IdP. */
async function signedInInNewBrowser(email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signInThroughSso(page, { baseUrl: app.baseUrl, idpIssuer: idp.issuer, idpName: "Acme IdP" }, email);
  return page;
}

describe("an IT admin's week: secret expiry, invitations, a recycled mailbox", () => {
  it("warns admins from 30 days before the client secret expires, on home, the SSO page and Sign-in activity", async () => {
    const context = await browser.newContext();
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    admin = await context.newPage();
    await signUpThroughUi(admin, app.baseUrl);
    await asAdmin().mutate("sso.save", localIdpSettings(idp.issuer, { clientSecretExpiresOn: dateIn(12) }));
    await admin.reload();
    const warning = /The Acme IdP client secret expires on .* \(in 1[12] days\)/;
    await admin.getByRole("alert").filter({ hasText: warning }).waitFor();
    await admin.getByText("Acme IdP is connected. Run Test sign-in, then enforce it.").waitFor();
    await admin.getByRole("link", { name: "Integrations → SSO" }).click();
    await admin.getByRole("alert").filter({ hasText: warning }).waitFor();
    await admin.getByRole("link", { name: "Sign-in activity" }).click();
    await admin.getByRole("alert").filter({ hasText: warning }).waitFor();
  });

  it("invitations: one list; Copy link copies the same link, Resend kills it, Revoke removes the invitee", async () => {
    await admin.getByRole("link", { name: "Team Members" }).click();
    await admin.getByLabel("Email").fill("mo@acme.com");
    await admin.getByRole("button", { name: "Send invite" }).click();
    const firstLink = await admin.getByLabel("Invite link").inputValue();
    await admin.getByRole("cell", { name: "mo@acme.com", exact: true }).waitFor();

    await admin.getByRole("button", { name: "Copy the link for mo@acme.com" }).click();
    await admin.getByText("Link for mo@acme.com copied.").waitFor();
    expect(await admin.evaluate(() => navigator.clipboard.readText())).toBe(firstLink);

    await admin.getByRole("button", { name: "Resend to mo@acme.com" }).click();
    const secondLink = await admin.getByLabel("New link for mo@acme.com").inputValue();
    expect(secondLink).not.toBe(firstLink);
    const invitee = await (await browser.newContext()).newPage();
    await invitee.goto(firstLink);
    await invitee.getByRole("heading", { name: "This invitation can't be used" }).waitFor();
    await invitee.goto(secondLink);
    await invitee.getByRole("heading", { name: "Join Acme" }).waitFor();
    await invitee.getByRole("button", { name: "Continue with Acme IdP" }).waitFor();

    await admin.getByRole("button", { name: "Revoke mo@acme.com's invitation" }).click();
    await admin.getByRole("button", { name: "Yes, revoke" }).click();
    await admin.getByText("Revoked the invitation of mo@acme.com.").waitFor();
    await expect.poll(() => admin.getByRole("cell", { name: "mo@acme.com", exact: true }).count()).toBe(0);
    await invitee.reload();
    await invitee.getByRole("heading", { name: "This invitation can't be used" }).waitFor();
  });

  it("a recycled mailbox (same email, new IdP account) is refused with sso_subject_mismatch until an admin resets the link", async () => {
    await admin.getByLabel("Email").fill("pat@acme.com");
    await admin.getByRole("button", { name: "Send invite" }).click();
    await admin.getByRole("cell", { name: "pat@acme.com", exact: true }).waitFor();
    const first = await signedInInNewBrowser("pat@acme.com");
    await first.getByText("Signed in with single sign-on").waitFor();

    idp.addAccount({ email: "pat@acme.com", sub: "pat-recycled" });
    const impostor = await signedInInNewBrowser("pat@acme.com");
    await impostor.waitForURL((url) => url.searchParams.get("sso_error") === "sso_subject_mismatch");
    await impostor.getByText("its user ID changed").waitFor();

    await admin.reload();
    await admin.getByRole("button", { name: "Reset the SSO link of pat@acme.com" }).click();
    await admin.getByRole("button", { name: "Yes, reset" }).click();
    await admin.getByText("pat@acme.com's next SSO sign-in will link their identity-provider account again.").waitFor();
    const again = await signedInInNewBrowser("pat@acme.com");
    await again.getByText("Signed in with single sign-on").waitFor();
  });
});
