import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type HostileIdp, startHostileIdp } from "../../test-support/hostile-idp.ts";
import {
  attemptSsoViaAutoIdp,
  beginSso,
  CLIENT_ID,
  finishSso,
  handoffCodeOf,
  ssoErrorOf,
  tenantUsingIssuer,
} from "../../test-support/sso-harness.ts";
import { createTestApp, signUpWorkspace, type TestApp } from "../../test-support/test-app.ts";

let t: TestApp;
let idp: HostileIdp;

beforeEach(async () => {
  t = await createTestApp();
  idp = await startHostileIdp(CLIENT_ID);
  await tenantUsingIssuer(t, idp.issuer);
});
afterEach(async () => {
  vi.useRealTimers();
  await idp.close();
  await t.close();
});

const handoffs = () => t.sql("select * from sso_handoffs");

/** The IdP's redirect back to us for a fresh sign-in, and the cookie the browser holds. */
async function callbackFor(email = "user@acme.com") {
  const start = await beginSso(t, email);
  const atIdp = await fetch(start.location, { redirect: "manual" });
  return { callbackUrl: new URL(atIdp.headers.get("location") ?? ""), cookie: start.cookie };
}

async function expectCode(callbackUrl: URL, cookie: string, code: string) {
  const { location } = await finishSso(t, callbackUrl, cookie);
  expect(location.toString()).toBe(`${t.config.publicUrl}/login?sso_error=${code}`);
}

describe("state and transaction attacks → sso_state_invalid", () => {
  it("missing state", async () => {
    const { callbackUrl, cookie } = await callbackFor();
    callbackUrl.searchParams.delete("state");
    await expectCode(callbackUrl, cookie, "sso_state_invalid");
    expect(await handoffs()).toHaveLength(0);
  });

  it("forged state", async () => {
    const { callbackUrl, cookie } = await callbackFor();
    callbackUrl.searchParams.set("state", "attacker-chosen");
    await expectCode(callbackUrl, cookie, "sso_state_invalid");
    expect(await handoffs()).toHaveLength(0);
  });

  it("expired transaction (more than 5 minutes at the IdP)", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const { callbackUrl, cookie } = await callbackFor();
    vi.setSystemTime(Date.now() + 5 * 60 * 1000 + 1000);
    await expectCode(callbackUrl, cookie, "sso_state_invalid");
    expect(idp.countOf("/token")).toBe(0);
  });

  it("replayed callback, even with its cookie", async () => {
    const { callbackUrl, cookie } = await callbackFor();
    expect(handoffCodeOf((await finishSso(t, callbackUrl, cookie)).location)).toBeTruthy();
    await expectCode(callbackUrl, cookie, "sso_state_invalid");
    expect(await handoffs()).toHaveLength(1);
    expect(idp.countOf("/token")).toBe(1);
  });

  it("login CSRF: an attacker's callback URL opened in a victim's browser (no transaction cookie)", async () => {
    const { callbackUrl } = await callbackFor();
    await expectCode(callbackUrl, "", "sso_state_invalid");
    expect(idp.countOf("/token")).toBe(0);
  });

  it("a transaction cookie from another sign-in", async () => {
    const first = await callbackFor();
    const second = await callbackFor();
    await expectCode(first.callbackUrl, second.cookie, "sso_state_invalid");
    expect(await handoffs()).toHaveLength(0);
  });
});

describe("authorization response attacks", () => {
  it("wrong RFC 9207 iss parameter → sso_token_invalid, and the code is never exchanged", async () => {
    const { callbackUrl, cookie } = await callbackFor();
    callbackUrl.searchParams.set("iss", "https://attacker.example");
    await expectCode(callbackUrl, cookie, "sso_token_invalid");
    expect(idp.countOf("/token")).toBe(0);
  });

  it("missing iss when the IdP advertises it → sso_token_invalid", async () => {
    const { callbackUrl, cookie } = await callbackFor();
    callbackUrl.searchParams.delete("iss");
    await expectCode(callbackUrl, cookie, "sso_token_invalid");
  });

  it("IdP error text is never reflected: only the code reaches /login", async () => {
    const { callbackUrl, cookie } = await callbackFor();
    const state = callbackUrl.searchParams.get("state") ?? "";
    const errorUrl = new URL(callbackUrl.origin + callbackUrl.pathname);
    errorUrl.search = new URLSearchParams({
      error: "access_denied<script>alert(1)</script>",
      error_description: "<img src=x onerror=alert(1)>",
      state,
      iss: idp.issuer,
    }).toString();
    const { response, location } = await finishSso(t, errorUrl, cookie);
    expect(location.toString()).toBe(`${t.config.publicUrl}/login?sso_error=sso_idp_error`);
    expect(await response.text()).not.toContain("<img");
  });
});

describe("login CSRF into the attacker's workspace", () => {
  const startFrom = (headers: Record<string, string>) => t.app.request("/auth/sso/start?email=user@acme.com", { headers });

  it.each([
    ["another site", { "sec-fetch-site": "cross-site" }],
    ["a sibling site", { "sec-fetch-site": "same-site" }],
    ["a link in a mail or chat app", { "sec-fetch-site": "none" }],
    ["a browser that says nothing", {}],
  ])("asks first when the sign-in was started by %s: no transaction, no redirect to the IdP", async (_from, headers) => {
    const response = await startFrom(headers);
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain("Continue to IdP?");
    expect(page.replace(/<[^>]+>/g, "")).toContain("user@acme.com"); // shown with <wbr> wrap points after `@` and dots
    expect(response.headers.get("location")).toBeNull();
    expect(response.headers.get("set-cookie") ?? "").not.toContain("jams_sso_tx=");
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  it("continues to the IdP from its own confirmation page (the form echoes its SameSite=Strict cookie)", async () => {
    const page = await startFrom({ "sec-fetch-site": "none" });
    const confirmation = /name="confirmation" value="([^"]+)"/.exec(await page.text())?.[1] ?? "";
    const cookie = page.headers.get("set-cookie")?.split(";")[0] ?? "";
    expect(page.headers.get("set-cookie")).toMatch(/SameSite=Strict/i);
    const body = new URLSearchParams({ email: "user@acme.com", confirmation });
    const continued = await t.app.request("/auth/sso/start", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie, "sec-fetch-site": "same-origin" },
      body: body.toString(),
    });
    expect(continued.status).toBe(303);
    expect(new URL(continued.headers.get("location") ?? "").origin).toBe(idp.issuer);
    expect(continued.headers.getSetCookie().some((entry) => entry.includes("jams_sso_tx="))).toBe(true);
  });

  it.each([
    [
      "without the page's cookie (a form posted from another site)",
      (cookie: string) => ({ cookie: "", confirmation: cookie.split("=")[1] ?? "" }),
    ],
    ["with a made-up confirmation", (cookie: string) => ({ cookie, confirmation: "made-up" })],
  ])("asks again when the form is posted %s", async (_how, tamper) => {
    const page = await startFrom({});
    const realCookie = page.headers.get("set-cookie")?.split(";")[0] ?? "";
    const { cookie, confirmation } = tamper(realCookie);
    const posted = await t.app.request("/auth/sso/start", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", ...(cookie ? { cookie } : {}) },
      body: new URLSearchParams({ email: "user@acme.com", confirmation }).toString(),
    });
    expect(posted.status).toBe(200);
    expect(await posted.text()).toContain("Continue to IdP?");
    expect(posted.headers.getSetCookie().some((entry) => entry.includes("jams_sso_tx="))).toBe(false);
  });

  it("starts at once for the SPA's own same-origin navigation", async () => {
    const response = await startFrom({ "sec-fetch-site": "same-origin" });
    expect(new URL(response.headers.get("location") ?? "").origin).toBe(idp.issuer);
  });
});

describe("multi-tenant attacks", () => {
  it("mix-up: a response carrying another tenant's IdP as issuer is refused before any code exchange", async () => {
    const otherIdp = await startHostileIdp(CLIENT_ID);
    try {
      await tenantUsingIssuer(t, otherIdp.issuer, "admin@globex.com", "Globex", "user@globex.com");
      const { callbackUrl, cookie } = await callbackFor();
      callbackUrl.searchParams.set("iss", otherIdp.issuer);
      await expectCode(callbackUrl, cookie, "sso_token_invalid");
      expect(idp.countOf("/token") + otherIdp.countOf("/token")).toBe(0);
    } finally {
      await otherIdp.close();
    }
  });

  it("a tenant's IdP cannot sign in another tenant's user → user_not_provisioned", async () => {
    await signUpWorkspace(t, "ceo@globex.com", "Globex");
    idp.signInAs("ceo@globex.com");
    const { location } = await attemptSsoViaAutoIdp(t, "user@acme.com");
    expect(ssoErrorOf(location)).toBe("user_not_provisioned");
    expect(await handoffs()).toHaveLength(0);
  });
});

describe("open redirects through returnTo", () => {
  it.each([
    "//",
    "//evil.example/x",
    "https://evil.example/",
    "/\\evil.example",
    "javascript:alert(1)",
    "\t//evil.example",
    "/ok\n//evil",
    "/.//evil.example",
    "/x/..//evil.example",
    "/%2e//evil.example",
  ])("drops %j", async (returnTo) => {
    const start = await beginSso(t, "user@acme.com", returnTo);
    const atIdp = await fetch(start.location, { redirect: "manual" });
    const { location } = await finishSso(t, new URL(atIdp.headers.get("location") ?? ""), start.cookie);
    expect(location.origin).toBe(t.config.publicUrl);
    expect(location.pathname).toBe("/login/sso");
    expect(new URLSearchParams(location.hash.slice(1)).get("returnTo")).toBeNull();
  });
});
