import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ssoTenant, startIdpFor } from "../test-support/sso-harness.ts";
import { createTestApp, inviteAndAccept, type TestApp } from "../test-support/test-app.ts";
import { appRouter } from "./root.ts";

/** Everything a hostile client can send where a procedure expects its input. */
const MALFORMED_INPUTS: unknown[] = [
  null,
  true,
  0,
  -1,
  1e308,
  "",
  "x".repeat(10_000),
  [],
  [1, "two", null],
  {},
  { email: null, password: 42, token: {}, userId: ["a"], code: false, enforce: "yes", role: "owner" },
  { email: "a@b.co", password: { $ne: "" } },
  { email: "' OR 1=1 --@b.co", password: "x" },
  { email: `${"a".repeat(300)}@b.co`, password: "x".repeat(300) },
  { token: "../../etc/passwd", name: "\u0000", password: "\uD800" },
  { displayName: "<script>alert(1)</script>", issuer: "javascript:alert(1)", clientId: "", clientSecret: 1 },
  { displayName: "x", issuer: "file:///etc/passwd", clientId: "x" },
  { workspaceName: "a", name: "b", email: "c@d.ef", password: "short" },
  { limit: 1e9 },
  { a: { b: { c: { d: { e: { f: { g: { h: { i: { j: {} } } } } } } } } } },
];

/** Raw bodies that are not even JSON. */
const MALFORMED_BODIES = ["not json", "{", '{"email":', "\u0000\u0001", "[[[[[[[[[["];

const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>).map(
  ([path, procedure]) => ({
    path,
    type: procedure._def.type,
  }),
);

let t: TestApp;
let adminToken: string;
let memberToken: string;
let idp: Awaited<ReturnType<typeof startIdpFor>>;
let before: string;

const businessRows = async () =>
  JSON.stringify([
    await t.sql("select * from tenants order by id"),
    await t.sql("select * from users order by id"),
    await t.sql("select * from invitations order by id"),
    await t.sql("select * from sso_configs order by tenant_id"),
    await t.sql("select * from sso_handoffs order by code_hash"),
  ]);

beforeAll(async () => {
  t = await createTestApp();
  idp = await startIdpFor(t, [{ email: "admin@acme.com" }]);
  adminToken = await ssoTenant(t, idp);
  ({ token: memberToken } = await inviteAndAccept(t, adminToken, "mo@acme.com"));
  await t.mutate("team.invite", { email: "pending@acme.com", role: "member" }, adminToken);
  before = await businessRows();
});
afterAll(async () => {
  await idp.close();
  await t.close();
});

async function send(path: string, type: string, body: string | undefined, token?: string) {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  if (type === "query") {
    const query = body === undefined ? "" : `?input=${encodeURIComponent(body)}`;
    return t.app.request(`/trpc/${path}${query}`, { headers });
  }
  return t.app.request(`/trpc/${path}`, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: body ?? "" });
}

describe("every tRPC procedure answers malformed input with a 4xx and changes nothing", () => {
  it.each(procedures.filter(({ path }) => path !== "sso.remove"))("$path", async ({ path, type }) => {
    const bodies = [...MALFORMED_INPUTS.map((input) => JSON.stringify(input)), ...MALFORMED_BODIES];
    for (const token of [undefined, memberToken, adminToken]) {
      for (const body of bodies) {
        const response = await send(path, type, body, token);
        const label = `${path} ${token === adminToken ? "admin" : token ? "member" : "anonymous"} ${body.slice(0, 60)}`;
        expect(response.status, label).toBeLessThan(500);
        if (type === "mutation") expect(response.status, label).toBeGreaterThanOrEqual(400);
        const answer = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
        if (response.status >= 400) expect(answer.error?.message, label).toBeTruthy();
      }
    }
    expect(await businessRows()).toBe(before);
  });
});

describe("the SSO routes answer malformed input with a redirect to /login, never a 5xx", () => {
  const queries = [
    "",
    "email=",
    "email=not-an-email",
    `email=${"a".repeat(5000)}@b.co`,
    "email=admin@acme.com&returnTo=%00%0d%0aSet-Cookie:x=y",
    "email=admin@acme.com&email=other@acme.com",
    "email[]=a",
    "%ZZ=%ZZ",
  ];
  it.each(queries)("/auth/sso/start?%s", async (query) => {
    const response = await t.app.request(`/auth/sso/start?${query}`);
    expect([200, 302, 429]).toContain(response.status);
    expect(response.headers.get("set-cookie") ?? "").not.toContain("x=y");
    expect(await businessRows()).toBe(before);
  });

  it.each([
    "",
    "code=x",
    "state=a&state=b&code=c",
    `code=${"c".repeat(8000)}&state=s`,
    "error=%3Cscript%3E&error_description=%00",
    "iss=javascript:alert(1)&state=s&code=c",
    "%ZZ",
  ])("/auth/sso/callback?%s", async (query) => {
    const response = await t.app.request(`/auth/sso/callback?${query}`, { headers: { cookie: "jams_sso_tx=garbage.garbage.garbage" } });
    expect(response.status).toBe(302);
    expect(new URL(response.headers.get("location") ?? "").searchParams.get("sso_error")).toBe("sso_state_invalid");
    expect(await businessRows()).toBe(before);
  });
});
