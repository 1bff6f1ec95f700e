import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { byFilter, type ScimClient, scimClient, scimTokenFor } from "../test-support/scim-client.ts";
import { createServedTestApp, type ServedTestApp } from "../test-support/served-test-app.ts";
import { signUpWorkspace } from "../test-support/test-app.ts";

let t: ServedTestApp;
let scim: ScimClient;
let admin: string;
let userId: string;
beforeEach(async () => {
  t = await createServedTestApp();
  admin = await signUpWorkspace(t, "admin@acme.com", "Acme");
  scim = scimClient(t.baseUrl, await scimTokenFor(t, admin));
  const created = await scim.post("/Users", {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
    userName: "mo@acme.com",
    name: { givenName: "Mo" },
  });
  userId = created.body.id;
});
afterEach(async () => t.close());

const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const everything = async () =>
  JSON.stringify([await t.sql("select * from users order by id"), await t.sql("select * from sessions order by id")]);

/** A refused request: the SCIM error schema with this status and type, in SCIM's media type, and nothing changed. */
async function expectRefused(
  request: Promise<{ status: number; contentType: string | null; body: Record<string, unknown> }>,
  status: number,
  scimType?: string,
) {
  const before = await everything();
  const answer = await request;
  expect(answer.status).toBe(status);
  expect(answer.contentType).toBe("application/scim+json");
  expect(answer.body).toMatchObject({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: String(status) });
  if (scimType) expect(answer.body.scimType).toBe(scimType);
  expect(typeof answer.body.detail).toBe("string");
  expect(await everything()).toBe(before);
}

describe("SCIM authentication: the token alone decides the tenant", () => {
  it.each([
    ["no token", ""],
    ["a made-up token", "jams_scim_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"],
    ["garbage", "not-a-token"],
  ])("%s → 401 with a Bearer challenge", async (_name, token) => {
    const response = await fetch(`${t.baseUrl}/scim/v2/Users`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(((await response.json()) as { status: string }).status).toBe("401");
  });

  it("a rotated token replaces the old one at once; a revoked one stops working; use is recorded", async () => {
    const oldToken = scim;
    expect((await oldToken.get("/Users")).status).toBe(200);
    expect((await t.query<{ token: { lastUsedAt: string | null } }>("scim.get", undefined, admin)).data.token?.lastUsedAt).not.toBeNull();
    const rotated = scimClient(t.baseUrl, await scimTokenFor(t, admin));
    expect((await oldToken.get("/Users")).status).toBe(401);
    expect((await rotated.get("/Users")).status).toBe(200);
    await t.mutate("scim.revokeToken", undefined, admin);
    expect((await rotated.get("/Users")).status).toBe(401);
    expect((await t.query<{ token: unknown }>("scim.get", undefined, admin)).data.token).toBeNull();
  });

  it("the plain token is shown once and stored only hashed", async () => {
    const token = await scimTokenFor(t, admin);
    expect(JSON.stringify(await t.sql("select * from scim_tokens"))).not.toContain(token.slice("jams_scim_".length));
    expect(JSON.stringify((await t.query("scim.get", undefined, admin)).data)).not.toContain(token);
  });

  it("another tenant's token sees none of this tenant's users, and cannot touch them", async () => {
    const other = await signUpWorkspace(t, "bob@globex.com", "Globex");
    const globex = scimClient(t.baseUrl, await scimTokenFor(t, other));
    expect((await globex.get("/Users")).body.Resources.map((user: { userName: string }) => user.userName)).toEqual(["bob@globex.com"]);
    expect((await globex.get(byFilter('userName eq "mo@acme.com"'))).body.totalResults).toBe(0);
    await expectRefused(globex.get(`/Users/${userId}`), 404);
    await expectRefused(globex.put(`/Users/${userId}`, { userName: "mo@acme.com", active: false }), 404);
    await expectRefused(
      globex.patch(`/Users/${userId}`, { schemas: [PATCH_OP], Operations: [{ op: "replace", value: { active: false } }] }),
      404,
    );
    await expectRefused(globex.delete(`/Users/${userId}`), 404);
  });

  it("only admins manage the token", async () => {
    const { token: member } = await (await import("../test-support/test-app.ts")).inviteAndAccept(t, admin, "eve@acme.com");
    expect((await t.mutate("scim.rotateToken", undefined, member)).status).toBe(403);
    expect((await t.query("scim.get", undefined, member)).status).toBe(403);
  });
});

describe("bad SCIM input gets a SCIM error and changes nothing", () => {
  it.each([
    ["malformed JSON", "POST", "/Users", '{"userName": '],
    ["a JSON array", "POST", "/Users", "[]"],
    ["an unknown attribute", "POST", "/Users", JSON.stringify({ userName: "x@acme.com", favouriteColour: "blue" })],
    ["no userName", "POST", "/Users", JSON.stringify({ emails: [{ value: "x@acme.com" }] })],
    ["no email anywhere", "POST", "/Users", JSON.stringify({ userName: "not-an-email" })],
    ["active that is not a boolean", "POST", "/Users", JSON.stringify({ userName: "x@acme.com", active: "maybe" })],
    ["an oversized body", "POST", "/Users", JSON.stringify({ userName: "x@acme.com", displayName: "x".repeat(70_000) })],
  ])("%s → 400", async (_name, method, path, body) => {
    await expectRefused(scim.raw(method, path, body), 400);
  });

  it.each([
    ["co (unsupported operator)", 'userName co "mo"'],
    ["or", 'userName eq "a@b.c" or userName eq "d@e.f"'],
    ["an attribute that cannot be filtered", 'title eq "boss"'],
    ["an unquoted value", "externalId eq jyoung"],
    ["garbage", "((("],
  ])("a filter with %s → 400 invalidFilter", async (_name, filter) => {
    await expectRefused(scim.get(byFilter(filter)), 400, "invalidFilter");
  });

  it.each([
    ["startIndex=abc", "invalidValue"],
    ["count=1.5", "invalidValue"],
    ["attributes=userName&excludedAttributes=emails", "invalidSyntax"],
  ])("?%s → 400 %s", async (query, scimType) => {
    await expectRefused(scim.get(`/Users?${query}`), 400, scimType);
  });

  it("a write that asks for attributes and excludedAttributes together → 400 invalidSyntax, before anything is saved", async () => {
    const both = "?attributes=userName&excludedAttributes=emails";
    await expectRefused(scim.post(`/Users${both}`, { userName: "new@acme.com" }), 400, "invalidSyntax");
    await expectRefused(scim.put(`/Users/${userId}${both}`, { userName: "mo@acme.com", active: false }), 400, "invalidSyntax");
    await expectRefused(
      scim.patch(`/Users/${userId}${both}`, { schemas: [PATCH_OP], Operations: [{ op: "replace", path: "active", value: false }] }),
      400,
      "invalidSyntax",
    );
  });

  it.each<[string, unknown, string]>([
    ["an unknown attribute path", [{ op: "replace", path: "favouriteColour", value: "blue" }], "invalidPath"],
    ["an unknown sub-attribute", [{ op: "replace", path: "name.nickname", value: "x" }], "invalidPath"],
    ["a filter on a single-valued attribute", [{ op: "replace", path: 'name[givenName eq "Mo"].familyName', value: "x" }], "invalidPath"],
    ["a broken filter", [{ op: "replace", path: "emails[type eq work].value", value: "x@acme.com" }], "invalidPath"],
    ["the read-only id", [{ op: "replace", path: "id", value: "another" }], "mutability"],
    ["the read-only meta", [{ op: "replace", path: "meta.created", value: "2020-01-01" }], "mutability"],
    ["remove without a path", [{ op: "remove" }], "noTarget"],
    ["an unknown op", [{ op: "frobnicate", path: "active", value: true }], "invalidSyntax"],
    ["active that is not a boolean", [{ op: "replace", path: "active", value: "maybe" }], "invalidValue"],
    ["a path-less add of a non-object", [{ op: "add", value: "x" }], "invalidValue"],
    ["an email that is not one", [{ op: "replace", path: 'emails[type eq "work"].value', value: "not-an-email" }], "invalidValue"],
    ["no operations", [], "invalidSyntax"],
  ])("a PATCH with %s → 400 %s", async (_name, operations, scimType) => {
    await expectRefused(scim.patch(`/Users/${userId}`, { schemas: [PATCH_OP], Operations: operations }), 400, scimType);
  });

  it("a PATCH without the PatchOp schema → 400 invalidSyntax; one bad operation among good ones changes nothing (atomic)", async () => {
    await expectRefused(
      scim.patch(`/Users/${userId}`, { Operations: [{ op: "replace", path: "active", value: false }] }),
      400,
      "invalidSyntax",
    );
    await expectRefused(
      scim.patch(`/Users/${userId}`, {
        schemas: [PATCH_OP],
        Operations: [
          { op: "replace", path: "displayName", value: "Changed" },
          { op: "replace", path: "id", value: "x" },
        ],
      }),
      400,
      "mutability",
    );
  });

  it("a taken email on update → 409 uniqueness, nothing changes", async () => {
    await expectRefused(scim.put(`/Users/${userId}`, { userName: "admin@acme.com" }), 409, "uniqueness");
  });

  it.each([
    ["GET", "/Groups"],
    ["POST", "/Groups"],
    ["GET", "/Groups/1?excludedAttributes=members"],
    ["GET", "/Bulk"],
    ["GET", "/nothing-here"],
  ])("%s %s → a SCIM 404, never the app's HTML", async (method, path) => {
    await expectRefused(method === "GET" ? scim.get(path) : scim.raw(method, path, "{}"), 404);
  });
});

describe("SCIM discovery and projections", () => {
  it("answers at the base URL pasted with a trailing slash (the IdP then asks for /scim/v2//Users)", async () => {
    expect((await scim.get("//Users?aadOptscim062020")).body.totalResults).toBe(2);
  });

  it("describes itself: ServiceProviderConfig, ResourceTypes, Schemas", async () => {
    const config = await scim.get("/ServiceProviderConfig");
    expect(config.body).toMatchObject({
      patch: { supported: true },
      bulk: { supported: false },
      filter: { supported: true, maxResults: 200 },
    });
    expect((await scim.get("/ResourceTypes")).body.Resources[0]).toMatchObject({ id: "User", endpoint: "/Users" });
    const schemas = await scim.get("/Schemas");
    expect(schemas.body.Resources[0].attributes.map((attribute: { name: string }) => attribute.name)).toContain("userName");
  });

  it("returns only the attributes asked for, or all but the excluded ones; id and schemas always", async () => {
    const only = await scim.get(`/Users/${userId}?attributes=userName,name.givenName`);
    expect(only.body).toEqual({
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      id: userId,
      userName: "mo@acme.com",
      name: { givenName: "Mo" },
    });
    const without = await scim.get(`/Users?filter=${encodeURIComponent('userName eq "mo@acme.com"')}&excludedAttributes=emails,meta,id`);
    expect(without.body.Resources[0]).not.toHaveProperty("emails");
    expect(without.body.Resources[0]).not.toHaveProperty("meta");
    expect(without.body.Resources[0].id).toBe(userId);
  });
});
