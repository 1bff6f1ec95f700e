import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../test-support/test-app.ts";

let t: TestApp;
beforeEach(() => {
  t = createTestApp();
});
afterEach(() => t.close());

describe("HTTP surface", () => {
  it("answers /healthz once the database is migrated", async () => {
    const response = await t.app.request("/healthz");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });

  it("sends security headers on API answers", async () => {
    const response = await t.app.request("/healthz");
    expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(response.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("strict-transport-security")).toBeNull();
  });

  it("sends HSTS when the public URL is https", async () => {
    const https = createTestApp({ publicUrl: "https://app.example.com" });
    try {
      expect((await https.app.request("/healthz")).headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
    } finally {
      https.close();
    }
  });

  it("logs one line per request without query strings or invite tokens", async () => {
    await t.app.request("/auth/sso/callback?code=SECRET-CODE&state=SECRET-STATE");
    await t.app.request("/trpc/invites.get?input=%7B%22token%22%3A%22SECRET-INVITE%22%7D");
    const lines = t.logs.filter((line) => line.includes('"event":"request"'));
    expect(lines).toHaveLength(2);
    expect(lines.join("\n")).not.toMatch(/SECRET-/);
  });

  it("refuses an oversized tRPC body with 413, not 500", async () => {
    const response = await t.app.request("/trpc/auth.passwordLogin", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "a@b.co", password: "x".repeat(100_000) }),
    });
    expect(response.status).toBe(413);
  });

  it("serves the SSO setup guides and nothing else from docs", async () => {
    const guide = await t.app.request("/docs/sso/okta.md");
    expect(guide.status).toBe(200);
    expect(await guide.text()).toMatch(/Okta/);
    expect((await t.app.request("/docs/sso/..%2F..%2Fpackage.json")).status).toBe(404);
    expect((await t.app.request("/docs/sso/missing.md")).status).toBe(404);
  });
});
