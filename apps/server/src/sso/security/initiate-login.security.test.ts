import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type HostileIdp, startHostileIdp } from "../../test-support/hostile-idp.ts";
import { CLIENT_ID, finishSso, handoffCodeOf, OWN_NAVIGATION, ssoErrorOf, tenantUsingIssuer } from "../../test-support/sso-harness.ts";
import { createTestApp, type TestApp } from "../../test-support/test-app.ts";

let t: TestApp;
let idp: HostileIdp;
let admin: string;
let initiateUri: URL;
beforeEach(async () => {
  t = await createTestApp();
  idp = await startHostileIdp(CLIENT_ID);
  admin = await tenantUsingIssuer(t, idp.issuer);
  initiateUri = new URL((await t.query<{ initiateLoginUri: string }>("sso.get", undefined, admin)).data.initiateLoginUri);
});
afterEach(async () => {
  await idp.close();
  await t.close();
});

const FROM_THE_LAUNCHER = { "sec-fetch-site": "cross-site" } as const;
const cookieOf = (response: Response) => response.headers.get("set-cookie")?.split(";")[0] ?? "";
const transactionCookies = (response: Response) => response.headers.getSetCookie().filter((cookie) => cookie.includes("jams_sso_tx="));
const transactionCookieOf = (response: Response) => transactionCookies(response)[0]?.split(";")[0] ?? "";

const unescapeHtml = (text: string) =>
  text.replace(/&(quot|lt|gt|#39|amp);/g, (_, name: string) => ({ quot: '"', lt: "<", gt: ">", "#39": "'", amp: "&" })[name] as string);

/** Opens the Initiate login URI as the IdP's launcher does, then confirms on our page as the person would. */
async function launch(query: Record<string, string>) {
  const url = new URL(initiateUri);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  const page = await t.app.request(`${url.pathname}${url.search}`, { headers: FROM_THE_LAUNCHER });
  const html = await page.text();
  const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? null;
  const form = new URLSearchParams();
  for (const name of ["login_hint", "returnTo", "confirmation"]) {
    const value = field(name);
    if (value !== null) form.set(name, unescapeHtml(value));
  }
  const confirmed = await t.app.request(url.pathname, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieOf(page), "sec-fetch-site": "same-origin" },
    body: form.toString(),
  });
  return { page, html, confirmed, location: new URL(confirmed.headers.get("location") ?? "", t.config.publicUrl) };
}

describe("sign-in from the IdP's app launcher (OpenID Connect Core §4)", () => {
  it("asks on our page first, then runs the normal flow (state, nonce, PKCE) with login_hint, and signs in", async () => {
    idp.signInAs("user@acme.com");
    const { page, html, confirmed, location } = await launch({ iss: idp.issuer, login_hint: "user@acme.com" });
    expect(page.status).toBe(200);
    expect(transactionCookies(page)).toEqual([]);
    expect(html).toContain("Continue to IdP?");
    expect(confirmed.status).toBe(303);
    expect(location.origin).toBe(new URL(idp.issuer).origin);
    for (const parameter of ["state", "nonce", "code_challenge"]) expect(location.searchParams.get(parameter)).toMatch(/^[\w-]{43}$/);
    expect(location.searchParams.get("code_challenge_method")).toBe("S256");
    expect(location.searchParams.get("login_hint")).toBe("user@acme.com");
    const atIdp = await fetch(location, { redirect: "manual" });
    const done = await finishSso(t, new URL(atIdp.headers.get("location") ?? ""), transactionCookieOf(confirmed));
    expect(handoffCodeOf(done.location)).toBeTruthy();
  });

  it("goes on to a same-origin target_link_uri only", async () => {
    idp.signInAs("user@acme.com");
    const own = await launch({ target_link_uri: `${t.config.publicUrl}/team?tab=1` });
    const atIdp = await fetch(own.location, { redirect: "manual" });
    const done = await finishSso(t, new URL(atIdp.headers.get("location") ?? ""), transactionCookieOf(own.confirmed));
    expect(new URLSearchParams(done.location.hash.slice(1)).get("returnTo")).toBe("/team?tab=1");
    for (const target of ["https://evil.example/team", "//evil.example/x", "javascript:alert(1)"]) {
      const { html } = await launch({ target_link_uri: target });
      expect(html).not.toContain('name="returnTo"');
    }
  });

  it("writes a login_hint into its page as text: markup in it stays inert, and reaches the IdP unchanged", async () => {
    const hint = '"><script>alert(1)</script>@acme.com';
    const { html, location } = await launch({ login_hint: hint });
    expect(html).not.toContain("<script>alert(1)");
    expect(html).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;@acme.com"');
    expect(location.searchParams.get("login_hint")).toBe(hint);
  });

  it("refuses an iss of another host, and a tenant without SSO, before anything reaches an IdP", async () => {
    const foreign = await t.app.request(`${initiateUri.pathname}?iss=${encodeURIComponent("https://evil.example")}`, {
      headers: OWN_NAVIGATION,
    });
    expect(ssoErrorOf(new URL(foreign.headers.get("location") ?? "", t.config.publicUrl))).toBe("sso_not_configured");
    const unknown = await t.app.request("/auth/sso/initiate/no-such-tenant", { headers: FROM_THE_LAUNCHER });
    expect(ssoErrorOf(new URL(unknown.headers.get("location") ?? "", t.config.publicUrl))).toBe("sso_not_configured");
    expect(idp.countOf("/authorize")).toBe(0);
  });

  it("a post without this browser's confirmation cookie (a cross-site form) only shows the question again", async () => {
    const again = await t.app.request(initiateUri.pathname, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "sec-fetch-site": "cross-site" },
      body: new URLSearchParams({ confirmation: "guessed" }).toString(),
    });
    expect(again.status).toBe(200);
    expect(transactionCookies(again)).toEqual([]);
    expect(await again.text()).toContain("Continue to IdP?");
  });
});
