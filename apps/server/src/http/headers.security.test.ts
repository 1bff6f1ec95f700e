import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { driveBrowserlessLogin, type LocalIdp } from "@jams/local-idp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLIENT_ID, CLIENT_SECRET, startIdpFor } from "../test-support/sso-harness.ts";
import { createTestApp, signUpWorkspace, TEST_RATE_LIMITS, type TestApp } from "../test-support/test-app.ts";

const distDir = mkdtempSync(join(tmpdir(), "jams-dist-"));
mkdirSync(join(distDir, "assets"));
writeFileSync(join(distDir, "index.html"), '<!doctype html><script type="module" src="/assets/app.js"></script>');
writeFileSync(join(distDir, "assets/app.js"), "console.log(1)");

let t: TestApp;
let https: TestApp;
let idp: LocalIdp;

beforeAll(async () => {
  t = await createTestApp({
    webDistDir: distDir,
    rateLimits: { ...TEST_RATE_LIMITS, ssoStartPerIp: { limit: 1, windowMs: 60_000 } },
  });
  https = await createTestApp({ webDistDir: distDir, publicUrl: "https://app.example.com" });
  idp = await startIdpFor(https, [{ email: "admin@acme.com" }]);
});
afterAll(async () => {
  await idp.close();
  await t.close();
  await https.close();
  rmSync(distDir, { recursive: true, force: true });
});

function expectStrictHeaders(response: Response, what: string) {
  const csp = response.headers.get("content-security-policy") ?? "";
  for (const directive of ["default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'"]) {
    expect(csp, `${what}: ${directive}`).toContain(directive);
  }
  expect(csp, what).not.toContain("unsafe-inline");
  expect(csp, what).not.toContain("unsafe-eval");
  expect(response.headers.get("x-content-type-options"), what).toBe("nosniff");
  expect(response.headers.get("x-frame-options"), what).toBe("DENY");
}

describe("security headers on every kind of response", () => {
  it.each([
    ["the SPA page", "/login"],
    ["an SPA deep link", "/integrations/sso"],
    ["a static asset", "/assets/app.js"],
    ["a tRPC answer", `/trpc/auth.lookup?input=${encodeURIComponent('{"email":"a@b.co"}')}`],
    ["a tRPC error", "/trpc/auth.me"],
    ["a tRPC bad request", "/trpc/auth.lookup?input=%7B%7D"],
    ["/healthz", "/healthz"],
    ["an SSO redirect", "/auth/sso/start?email=a@b.co"],
    ["the 429 page", "/auth/sso/start?email=a@b.co"],
    ["the sign-in confirmation page", "/auth/sso/start?email=admin@acme.com"],
    ["an SSO callback failure", "/auth/sso/callback?state=x&code=y"],
    ["a setup guide", "/docs/sso/okta.md"],
    ["an unknown guide", "/docs/sso/nope.md"],
  ])("%s", async (what, path) => {
    expectStrictHeaders(await t.app.request(path), what);
  });

  it.each([
    ["an SSO redirect to the IdP", "/auth/sso/start?email=a@b.co"],
    ["the 429 page", "/auth/sso/start?email=a@b.co"],
    ["an SSO callback", "/auth/sso/callback?state=x&code=y"],
  ])("keeps %s out of caches and Referer headers (it carries codes and state)", async (_what, path) => {
    const response = await t.app.request(path);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
  });

  it("sends no HSTS over http, and HSTS over https", async () => {
    expect((await t.app.request("/login")).headers.get("strict-transport-security")).toBeNull();
    expect((await https.app.request("/login")).headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
  });

  it("uses a __Host- prefixed Secure cookie for the SSO transaction over https", async () => {
    const admin = await signUpWorkspace(https, "admin@acme.com");
    await https.mutate("sso.save", { displayName: "IdP", issuer: idp.issuer, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }, admin);
    const start = await https.app.request("/auth/sso/start?email=admin@acme.com", { headers: { "sec-fetch-site": "same-origin" } });
    const cookie = start.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^__Host-jams_sso_tx=/);
    expect(cookie).toMatch(/; Secure/i);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/Domain=/i);
    expect(new URL(start.headers.get("location") ?? "").searchParams.get("redirect_uri")).toBe("https://app.example.com/auth/sso/callback");
    const callback = await driveBrowserlessLogin(start.headers.get("location") ?? "", "admin@acme.com");
    const done = await https.app.request(callback.toString(), { headers: { cookie: cookie.split(";")[0] as string } });
    expect(done.headers.get("location")).toMatch(/^https:\/\/app\.example\.com\/login\/sso#code=/);
  });
});
