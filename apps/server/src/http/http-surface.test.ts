import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createTestApp, DEFAULT_PASSWORD, type TestApp } from "../test-support/test-app.ts";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => t.close());

describe("HTTP surface", () => {
  it("answers /healthz once the database is migrated", async () => {
    const response = await t.app.request("/healthz");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });

  it("answers /healthz with 503 while the database does not answer, so a load balancer stops sending traffic", async () => {
    vi.spyOn(t.store, "ping").mockRejectedValueOnce(Object.assign(new Error("connect ECONNREFUSED"), { name: "ConnectionError" }));
    const response = await t.app.request("/healthz");
    expect([response.status, await response.json()]).toEqual([503, { ok: false }]);
    expect(t.logs.some((line) => line.includes('"event":"health.database_unreachable"'))).toBe(true);
    expect((await t.app.request("/healthz")).status).toBe(200);
  });

  it("sends security headers on API answers", async () => {
    const response = await t.app.request("/healthz");
    expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(response.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("strict-transport-security")).toBeNull();
  });

  it("sends HSTS when the public URL is https", async () => {
    const https = await createTestApp({ publicUrl: "https://app.example.com" });
    try {
      expect((await https.app.request("/healthz")).headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
    } finally {
      await https.close();
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
    // Every guide links to its section's overview (`README.md#troubleshooting`).
    expect((await t.app.request("/docs/sso/README.md")).status).toBe(200);
    expect((await t.app.request("/docs/scim/README.md")).status).toBe(200);
    expect((await t.app.request("/docs/sso/..%2F..%2Fpackage.json")).status).toBe(404);
    expect((await t.app.request("/docs/sso/missing.md")).status).toBe(404);
  });
});

describe("tRPC bodies through Node's HTTP server", () => {
  async function withServer(run: (origin: string) => Promise<void>) {
    const server = serve({ fetch: t.app.fetch, port: 0, hostname: "127.0.0.1" });
    await new Promise<void>((resolve) => server.once("listening", () => resolve()));
    try {
      await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }
  const signup = { workspaceName: "Acme", name: "Ann", email: "ann@acme.com", password: DEFAULT_PASSWORD };
  const post = (url: string, body: string | ReadableStream<Uint8Array>, extra: RequestInit = {}) =>
    fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body, ...extra });

  it("reads a mutation's body, single or batched", async () => {
    await withServer(async (origin) => {
      const single = await post(`${origin}/trpc/auth.signup`, JSON.stringify(signup));
      expect(single.status).toBe(200);
      expect(((await single.json()) as { result: { data: { token: string } } }).result.data.token).toMatch(/^ey/);
      const batched = await post(`${origin}/trpc/auth.signup?batch=1`, JSON.stringify({ 0: { ...signup, email: "bob@acme.com" } }));
      expect(batched.status).toBe(200);
    });
  });

  it("refuses a body over 64 KiB with 413, declared or streamed, single or batched", async () => {
    await withServer(async (origin) => {
      const oversized = JSON.stringify({ ...signup, password: "x".repeat(100_000) });
      const refused = await post(`${origin}/trpc/auth.signup`, oversized);
      expect(refused.status).toBe(413);
      expect(refused.headers.get("connection")).toBe("close");
      expect((await post(`${origin}/trpc/auth.signup?batch=1`, oversized)).status).toBe(413);
      const streamed = new ReadableStream({
        start(controller) {
          for (let chunk = 0; chunk < 10; chunk++) controller.enqueue(new TextEncoder().encode("x".repeat(10_000)));
          controller.close();
        },
      });
      const chunked = await post(`${origin}/trpc/auth.signup`, streamed, { duplex: "half" } as RequestInit);
      expect(chunked.status).toBe(413);
      expect(await t.sql("select * from users")).toHaveLength(0);
    });
  });
});
