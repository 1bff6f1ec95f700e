import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, signUpWorkspace, type TestApp } from "../test-support/test-app.ts";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => t.close());

const lookup = encodeURIComponent(JSON.stringify({ email: "a@b.co" }));

describe("tRPC wire format at /trpc", () => {
  it("answers a single query as {result:{data}}", async () => {
    const response = await t.app.request(`/trpc/auth.lookup?input=${lookup}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/application\/json/);
    expect(await response.json()).toEqual({ result: { data: { password: true, sso: null } } });
  });

  it("serves batched calls through the full adapter, with the same answers", async () => {
    const input = encodeURIComponent(JSON.stringify({ 0: { email: "a@b.co" }, 1: { email: "nope" } }));
    const response = await t.app.request(`/trpc/auth.lookup,auth.lookup?batch=1&input=${input}`);
    const body = (await response.json()) as Array<{ result?: { data: unknown }; error?: { data: { code: string } } }>;
    expect(body[0]?.result?.data).toEqual({ password: true, sso: null });
    expect(body[1]?.error?.data.code).toBe("BAD_REQUEST");
    expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  });

  it("answers an unknown procedure with 404 and a wrong method with 405, as error shapes", async () => {
    const missing = await t.app.request("/trpc/auth.nothing");
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { data: { code: string } } }).error.data.code).toBe("NOT_FOUND");
    const wrongMethod = await t.app.request("/trpc/auth.lookup", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(wrongMethod.status).toBe(405);
    const prototypeKey = await t.app.request("/trpc/constructor");
    expect(prototypeKey.status).toBe(404);
  });

  it("never runs a mutation for a HEAD request", async () => {
    const admin = await signUpWorkspace(t, "ann@acme.com");
    const head = await t.app.request("/trpc/team.invite", { method: "HEAD", headers: { authorization: `Bearer ${admin}` } });
    expect(head.status).toBe(405);
    expect(await t.sql("select * from invitations")).toHaveLength(0);
  });

  it("answers input that is not JSON with 400 PARSE_ERROR", async () => {
    const response = await t.app.request("/trpc/auth.lookup?input=%7Bnot-json");
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { data: { code: string } } }).error.data.code).toBe("PARSE_ERROR");
  });
});

describe("cross-site requests to tRPC mutations", () => {
  const post = (path: string, body: string, headers: Record<string, string>) =>
    t.app.request(`/trpc/${path}`, { method: "POST", headers, body });
  const signup = JSON.stringify({
    workspaceName: "Evil",
    name: "Eve",
    email: "eve@evil.example",
    password: "correct horse battery staple",
  });

  it.each([
    ["text/plain (a form another site can post without asking)", "text/plain"],
    ["a url-encoded form", "application/x-www-form-urlencoded"],
    ["multipart form data", "multipart/form-data; boundary=x"],
  ])("refuses %s with 415 and runs nothing", async (_name, contentType) => {
    const response = await post("auth.signup", signup, { "content-type": contentType });
    expect(response.status).toBe(415);
    expect(await t.sql("select id from tenants")).toHaveLength(0);
  });

  it("refuses JSON whose Origin is another site, and accepts our own origin's", async () => {
    const foreign = await post("auth.signup", signup, { "content-type": "application/json", origin: "https://evil.example" });
    expect(foreign.status).toBe(403);
    expect(await t.sql("select id from tenants")).toHaveLength(0);
    const own = await post("auth.signup", signup, { "content-type": "application/json", origin: new URL(t.config.publicUrl).origin });
    expect(own.status).toBe(200);
  });
});
