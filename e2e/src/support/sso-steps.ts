import type { Page } from "playwright-core";

/** `/login`: type the email and press Continue, as a person would. */
export async function continueWithEmail(page: Page, baseUrl: string, email: string) {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Continue" }).click();
}

/** On the local IdP's page (reached by a real redirect), sign in as the pre-filled or given email, and come back. */
export async function signInAtIdp(page: Page, idpIssuer: string, baseUrl: string, email?: string) {
  await page.waitForURL((url) => url.origin === idpIssuer);
  if (email) await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.origin === baseUrl);
}

/** `/login` → Continue with <IdP> → sign in at the IdP as `email` → back in the app. */
export async function signInThroughSso(page: Page, app: { baseUrl: string; idpIssuer: string; idpName: string }, email: string) {
  await continueWithEmail(page, app.baseUrl, email);
  await page.getByRole("button", { name: `Continue with ${app.idpName}` }).click();
  await signInAtIdp(page, app.idpIssuer, app.baseUrl, email);
}
