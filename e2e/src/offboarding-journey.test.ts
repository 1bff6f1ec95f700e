import type { LocalIdp } from "@jams/local-idp";
import { scimClient } from "@jams/server/test-support";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppUnderTest, startAppUnderTest } from "./support/app-under-test.ts";
import { launchChromium } from "./support/browser.ts";
import { callsAs } from "./support/calls-as.ts";
import { localIdpSettings, startIdpForApp } from "./support/local-idp-for-app.ts";
import { signInThroughSso } from "./support/sso-steps.ts";
import { signUpThroughUi } from "./support/ui-steps.ts";

let app: AppUnderTest;
let idp: LocalIdp;
let browser: Browser;

beforeAll(async () => {
  [app, browser] = await Promise.all([startAppUnderTest(), launchChromium()]);
  idp = await startIdpForApp(app.baseUrl, [{ email: "pat@acme.com" }, { email: "sam@acme.com" }]);
});
afterAll(async () => {
  await browser?.close();
  await idp?.close();
  await app?.close();
});

/** A person in their own browser, signed in through the IdP with SSO, on the home page. */
async function signedInThroughSso(email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signInThroughSso(page, { baseUrl: app.baseUrl, idpIssuer: idp.issuer, idpName: "Acme IdP" }, email);
  await page.getByRole("heading", { name: /^Welcome/ }).waitFor();
  return page;
}

/** The person's next API call (moving to another page of the app) is refused, and the SPA shows /login. */
async function expectSentToLogin(page: Page) {
  await page.goto(`${app.baseUrl}/account/sessions`);
  await page.waitForURL((url) => url.pathname === "/login");
  await page.getByLabel("Email").waitFor();
}

describe("offboarding in the IdP revokes access (SCIM, back-channel logout, server-side sessions)", () => {
  let scim: ReturnType<typeof scimClient>;

  it("the admin connects SSO and generates a SCIM token on Integrations → SCIM, shown once", async () => {
    const admin = await (await browser.newContext()).newPage();
    await signUpThroughUi(admin, app.baseUrl, { workspace: "Acme", name: "Ada Admin", email: "ada@acme.com" });
    await callsAs(admin, app.baseUrl).mutate("sso.save", localIdpSettings(idp.issuer));

    await admin.getByRole("link", { name: "Integrations → SCIM" }).click();
    expect(await admin.getByLabel("SCIM base URL").inputValue()).toBe(`${app.baseUrl}/scim/v2`);
    await admin.getByRole("button", { name: "Generate token" }).click();
    await admin.getByText("Copy the token now: it won't be shown again").waitFor();
    const token = await admin.getByLabel("SCIM token").inputValue();
    expect(token).toMatch(/^jams_scim_/);
    scim = scimClient(app.baseUrl, token);
    await admin.reload();
    await admin.getByRole("button", { name: "Generate a new token" }).waitFor();
    expect(await admin.getByLabel("SCIM token").count()).toBe(0);
  });

  it("a user the IdP provisions over SCIM signs in through SSO; the IdP's back-channel logout then ends the session", async () => {
    const provisioned = await scim.post("/Users", { userName: "pat@acme.com", name: { givenName: "Pat", familyName: "Doe" } });
    expect(provisioned.status).toBe(201);
    const pat = await signedInThroughSso("pat@acme.com");

    expect(await idp.signOut("pat@acme.com")).toBe(1);

    await expectSentToLogin(pat);
  });

  it("SCIM deactivation of a second signed-in user does the same", async () => {
    const provisioned = await scim.post("/Users", { userName: "sam@acme.com", displayName: "Sam Roe" });
    const sam = await signedInThroughSso("sam@acme.com");

    const deactivated = await scim.patch(`/Users/${provisioned.body.id}`, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "Replace", path: "active", value: "False" }],
    });
    expect(deactivated.body.active).toBe(false);

    await expectSentToLogin(sam);
  });
});
