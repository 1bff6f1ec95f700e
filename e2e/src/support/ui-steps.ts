import type { Page } from "playwright-core";

export const PASSWORD = "correct horse battery staple";

/** Creates a workspace through /signup as a person would, and waits for the welcome page. */
export async function signUpThroughUi(
  page: Page,
  baseUrl: string,
  person = { workspace: "Acme", name: "Ada Admin", email: "ada@acme.com" },
) {
  await page.goto(`${baseUrl}/signup`);
  await page.getByLabel("Workspace name").fill(person.workspace);
  await page.getByLabel("Your name").fill(person.name);
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create workspace" }).click();
  await page.getByText(`Welcome, ${person.name}`).waitFor();
}
