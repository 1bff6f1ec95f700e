import type { LocalIdp } from "@jams/local-idp";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppUnderTest, startAppUnderTest } from "./support/app-under-test.ts";
import { findAxeViolations } from "./support/axe.ts";
import { launchChromium } from "./support/browser.ts";
import { callsAs, dateIn } from "./support/calls-as.ts";
import { findBrokenEmails, findHorizontalOverflow } from "./support/layout-checks.ts";
import { localIdpSettings, startIdpForApp } from "./support/local-idp-for-app.ts";
import { continueWithEmail, signInAtIdp } from "./support/sso-steps.ts";
import { PASSWORD, signUpThroughUi } from "./support/ui-steps.ts";

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const ADMIN = { workspace: "Acme", name: "Ada Admin", email: "ada@acme.com" };
/** Long enough to need wrapping on a phone: it may break only after its `@` and dots. */
const INVITEE = "pending.person.with.a.long.address@subsidiary.acme-example.com";

let app: AppUnderTest;
let idp: LocalIdp;
let browser: Browser;
let admin: Page;

beforeAll(async () => {
  [app, browser] = await Promise.all([startAppUnderTest(), launchChromium()]);
  idp = await startIdpForApp(app.baseUrl, [{ email: ADMIN.email, emailVerified: true }]);
});
afterAll(async () => {
  await browser?.close();
  await idp?.close();
  await app?.close();
});

async function newPage(): Promise<Page> {
  return (await browser.newContext({ viewport: DESKTOP })).newPage();
}

/** Everything wrong with the page as it is now at one viewport width: axe violations, sideways scrolling, broken emails. */
async function problemsAt(page: Page, viewport: typeof DESKTOP): Promise<string[]> {
  await page.setViewportSize(viewport);
  // Colours mid-transition (a button that just changed from primary to secondary) are no real contrast failure.
  await page.waitForFunction(() => document.getAnimations().every((animation) => !(animation instanceof CSSTransition)));
  const problems = [...(await findAxeViolations(page)), ...(await findHorizontalOverflow(page)), ...(await findBrokenEmails(page))];
  return problems.map((problem) => `${viewport.width}px: ${problem}`);
}

/** The page passes axe (WCAG 2.1 A/AA and best practices), never scrolls sideways and keeps emails whole, at desktop and phone widths. */
async function expectAccessibleAtBothWidths(page: Page) {
  const problems = [...(await problemsAt(page, DESKTOP)), ...(await problemsAt(page, PHONE))];
  await page.setViewportSize(DESKTOP);
  // Soft: one run lists the problems of every page, not just the first page that has some.
  expect.soft(problems, `problems on ${new URL(page.url()).pathname}`).toEqual([]);
}

/** tRPC calls as the admin signed in on `admin`. */
const asAdmin = () => callsAs(admin, app.baseUrl);

async function invite(email: string): Promise<string> {
  const { inviteUrl } = await asAdmin().mutate<{ inviteUrl: string }>("team.invite", { email, role: "member" });
  return inviteUrl;
}

const tokenOf = (inviteUrl: string) => new URL(inviteUrl).pathname.split("/").at(-1) ?? "";
const heading = (page: Page, name: string | RegExp) => page.getByRole("heading", { name, level: 1 }).waitFor();

describe("every page at 1280 and 390 px: axe finds nothing, nothing scrolls sideways, emails stay whole", () => {
  let pendingInviteUrl = "";

  it("/login, both steps (email; then password), and with an SSO error", async () => {
    const page = await newPage();
    await page.goto(`${app.baseUrl}/login`);
    await page.getByLabel("Email").waitFor();
    await expectAccessibleAtBothWidths(page);
    await continueWithEmail(page, app.baseUrl, INVITEE);
    await page.getByLabel("Password").waitFor();
    await expectAccessibleAtBothWidths(page);
    await page.goto(`${app.baseUrl}/login?sso_error=user_not_provisioned`);
    await page.getByText("Single sign-on failed").waitFor();
    await expectAccessibleAtBothWidths(page);
  });

  it("/signup, then home and the empty SSO page as a new admin", async () => {
    admin = await newPage();
    await admin.goto(`${app.baseUrl}/signup`);
    await heading(admin, "Create your workspace");
    await expectAccessibleAtBothWidths(admin);
    await signUpThroughUi(admin, app.baseUrl, ADMIN);
    await admin.getByText("Set up single sign-on").waitFor();
    await expectAccessibleAtBothWidths(admin);
    await admin.getByRole("link", { name: "Integrations → SSO" }).click();
    await admin.getByText("SSO is not set up yet.").waitFor();
    await expectAccessibleAtBothWidths(admin);
  });

  it("/invite/<token>: a valid link (password only) and one that can't be used", async () => {
    pendingInviteUrl = await invite(INVITEE);
    const page = await newPage();
    await page.goto(pendingInviteUrl);
    await heading(page, "Join Acme");
    await expectAccessibleAtBothWidths(page);
    await page.goto(`${app.baseUrl}/invite/not-a-real-token`);
    await heading(page, "This invitation can't be used");
    await expectAccessibleAtBothWidths(page);
  });

  it("/ as a member", async () => {
    await callsAs(null, app.baseUrl).mutate("invites.accept", {
      token: tokenOf(await invite("mo@acme.com")),
      name: "Mo Member",
      password: PASSWORD,
    });
    const member = await newPage();
    await continueWithEmail(member, app.baseUrl, "mo@acme.com");
    await member.getByLabel("Password").fill(PASSWORD);
    await member.getByRole("button", { name: "Sign in" }).click();
    await heading(member, "Welcome, Mo Member");
    await expectAccessibleAtBothWidths(member);
  });

  it("/integrations/sso configured with the local IdP, a Test sign-in result showing; /integrations/sso/test-result", async () => {
    await asAdmin().mutate("sso.save", localIdpSettings(idp.issuer, { clientSecretExpiresOn: dateIn(12) }));
    await admin.reload();
    await admin.getByRole("heading", { name: "Test sign-in" }).waitFor();
    await admin.getByRole("heading", { name: "Health" }).waitFor();
    await admin.getByText("Discovery").waitFor();
    await expectAccessibleAtBothWidths(admin);

    const [popup] = await Promise.all([
      admin.waitForEvent("popup"),
      admin.getByRole("button", { name: "Test sign-in", exact: true }).click(),
    ]);
    await signInAtIdp(popup, idp.issuer, app.baseUrl);
    await heading(popup, "Test sign-in worked");
    await expectAccessibleAtBothWidths(popup);
    await popup.close();
    await admin.getByText("What the identity provider returned").waitFor();
    await expectAccessibleAtBothWidths(admin);
  });

  it("/login's second step offering SSO and a password; /invite/<token> offering SSO", async () => {
    const page = await newPage();
    await continueWithEmail(page, app.baseUrl, ADMIN.email);
    await page.getByRole("button", { name: "Continue with Acme IdP" }).waitFor();
    await page.getByLabel("Password").waitFor();
    await expectAccessibleAtBothWidths(page);
    await page.goto(pendingInviteUrl);
    await page.getByRole("button", { name: "Continue with Acme IdP" }).waitFor();
    await expectAccessibleAtBothWidths(page);
  });

  it("/auth/sso/start?email=… opened from another site: the “Continue to Acme IdP?” page", async () => {
    const page = await newPage();
    await page.goto(`${app.baseUrl}/auth/sso/start?${new URLSearchParams({ email: ADMIN.email })}`);
    await page.getByRole("heading", { name: "Continue to Acme IdP?" }).waitFor();
    await expectAccessibleAtBothWidths(page);
  });

  it("/ and /team as an admin: an active member, an invitee, a deactivated member", async () => {
    await callsAs(null, app.baseUrl).mutate("invites.accept", {
      token: tokenOf(await invite("dee@acme.com")),
      name: "Dee Parted",
      password: PASSWORD,
    });
    const { members } = await asAdmin().query<{ members: Array<{ id: string; email: string }> }>("team.list");
    const dee = members.find((member) => member.email === "dee@acme.com");
    await asAdmin().mutate("team.deactivate", { userId: dee?.id });

    await admin.goto(`${app.baseUrl}/`);
    await admin.getByText("Acme IdP is connected and tested.", { exact: false }).waitFor();
    await expectAccessibleAtBothWidths(admin);
    await admin.getByRole("link", { name: "Team Members" }).click();
    await admin.getByRole("cell", { name: INVITEE, exact: true }).waitFor();
    await admin.getByRole("button", { name: "Reactivate dee@acme.com" }).waitFor();
    await expectAccessibleAtBothWidths(admin);

    // As cards on a phone it is still a table to a screen reader, and the visible column names add nothing to a cell's name.
    await admin.setViewportSize(PHONE);
    const table = admin.getByRole("table", { name: "Members" });
    expect(await table.getByRole("columnheader", { name: "Email" }).count()).toBe(1);
    expect(await table.getByRole("row").count()).toBe(5);
    await table.getByRole("cell", { name: "mo@acme.com", exact: true }).waitFor();
    await admin.setViewportSize(DESKTOP);
  });

  it("/integrations/sso/activity with sign-ins, a failed sign-in and admins' changes", async () => {
    const page = await newPage();
    await continueWithEmail(page, app.baseUrl, "mo@acme.com");
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByText("Invalid email or password").waitFor();

    await admin.goto(`${app.baseUrl}/integrations/sso/activity`);
    await admin.getByText("Sign-in failed", { exact: false }).first().waitFor();
    await expectAccessibleAtBothWidths(admin);
  });

  it("/integrations/scim with a token just generated", async () => {
    await admin.getByRole("link", { name: "Integrations → SCIM" }).click();
    await admin.getByRole("button", { name: "Generate token" }).click();
    await admin.getByLabel("SCIM token").waitFor();
    await expectAccessibleAtBothWidths(admin);
  });

  it("/account/sessions with another session to end", async () => {
    await callsAs(null, app.baseUrl).mutate("auth.passwordLogin", { email: ADMIN.email, password: PASSWORD });
    await admin.getByRole("link", { name: ADMIN.email }).click();
    await admin
      .getByRole("button", { name: /^End session on / })
      .first()
      .waitFor();
    await expectAccessibleAtBothWidths(admin);
  });

  it("the not-found page", async () => {
    await admin.goto(`${app.baseUrl}/no-such-page`);
    await heading(admin, "Page not found");
    await expectAccessibleAtBothWidths(admin);
  });
});
