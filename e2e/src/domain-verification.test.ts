import { type LocalDns, startLocalDns } from "@jams/server/test-support";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppUnderTest, startAppUnderTest } from "./support/app-under-test.ts";
import { launchChromium } from "./support/browser.ts";
import { signUpThroughUi } from "./support/ui-steps.ts";

let dns: LocalDns;
let app: AppUnderTest;
let browser: Browser;

beforeAll(async () => {
  dns = await startLocalDns();
  [app, browser] = await Promise.all([startAppUnderTest({ dnsServers: [dns.server] }), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await dns?.close();
});

describe("an admin verifies the workspace's domain on Integrations → SSO", () => {
  it("lists the domain, shows the TXT record to publish, and verifies it once DNS has it", async () => {
    const page = await (await browser.newContext()).newPage();
    await signUpThroughUi(page, app.baseUrl);
    await page.getByRole("link", { name: "Integrations → SSO" }).click();
    const card = page.getByRole("region", { name: "Verified domains" });

    await card.getByLabel("Domain").fill("ada@acme.com");
    await card.getByRole("button", { name: "Add domain" }).click();
    await card.getByText("Enter the domain only, without a name and @ (acme.com)").waitFor();

    await card.getByLabel("Domain").fill("Acme.com");
    await card.getByRole("button", { name: "Add domain" }).click();
    await card.getByRole("heading", { name: "acme.com" }).waitFor();
    await card.getByText("Not verified").waitFor();
    const recordName = await card.getByLabel("TXT record name for acme.com").inputValue();
    const recordValue = await card.getByLabel("TXT record value for acme.com").inputValue();
    expect(recordName).toBe("_jams-imes-challenge.acme.com");

    await card.getByRole("button", { name: "Verify acme.com" }).click();
    await card.getByText(/No TXT record at _jams-imes-challenge\.acme\.com/).waitFor();

    dns.setTxt(recordName, [recordValue]);
    await card.getByRole("button", { name: "Verify acme.com" }).click();
    await card.getByText("acme.com is verified.").waitFor();
    await card.getByText(/^Verified \S/).waitFor();
    expect(await card.getByLabel("TXT record value for acme.com").count()).toBe(0);
  });
});
