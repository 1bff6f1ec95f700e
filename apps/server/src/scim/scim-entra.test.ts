import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { insertLiveSession } from "../test-support/live-session.ts";
import { byFilter, type ScimClient, scimClient, scimTokenFor } from "../test-support/scim-client.ts";
import { createServedTestApp, type ServedTestApp } from "../test-support/served-test-app.ts";
import { signUpWorkspace } from "../test-support/test-app.ts";

/**
 * Microsoft Entra ID's provisioning service, replayed: the request bodies are Microsoft's own,
 * from "Tutorial: Develop and plan provisioning for a SCIM endpoint" and "Known issues and
 * resolutions with SCIM 2.0 protocol compliance" (learn.microsoft.com), in both forms Entra sends:
 * its default non-standard PATCH and the RFC form a Tenant URL with `?aadOptscim062020` gets.
 */
let t: ServedTestApp;
let scim: ScimClient;
beforeEach(async () => {
  t = await createServedTestApp();
  const admin = await signUpWorkspace(t, "admin@testuser.com", "Contoso");
  scim = scimClient(t.baseUrl, await scimTokenFor(t, admin));
});
afterEach(async () => t.close());

const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const CREATE_USER = {
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
  externalId: "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
  userName: "Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee",
  active: true,
  emails: [{ primary: true, type: "work", value: "Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com" }],
  meta: { resourceType: "User" },
  name: { formatted: "givenName familyName", familyName: "familyName", givenName: "givenName" },
  roles: [],
};

const storedUser = async (id: string) =>
  (
    await t.sql<Record<string, unknown>>(
      `select email, name, given_name, family_name, external_id, scim_user_name, status, is_scim_managed, scim_deleted_at, password_hash
         from users where id = ?`,
      id,
    )
  )[0];

async function createUser() {
  const created = await scim.post("/Users", CREATE_USER);
  expect(created.status).toBe(201);
  return created.body.id as string;
}

describe("Entra ID: the documented request sequence", () => {
  it("Test Connection: a random GUID userName is a 200 empty ListResponse", async () => {
    const answer = await scim.get(byFilter('userName eq "8d1f5e2a-1b8e-4c41-9a55-5b5b6c0d2a11"'));
    expect(answer.status).toBe(200);
    expect(answer.contentType).toBe("application/scim+json");
    expect(answer.body).toEqual({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
      totalResults: 0,
      startIndex: 1,
      itemsPerPage: 0,
      Resources: [],
    });
  });

  it("Create User → 201 with id, and the user exists in the workspace, managed by SCIM, without a password", async () => {
    const created = await scim.post("/Users", CREATE_USER);
    expect(created.status).toBe(201);
    expect(created.location).toBe(`${t.baseUrl}/scim/v2/Users/${created.body.id}`);
    expect(created.body).toMatchObject({
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      externalId: "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
      userName: "Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee",
      name: { formatted: "givenName familyName", familyName: "familyName", givenName: "givenName" },
      active: true,
      emails: [{ value: "Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com", type: "work", primary: true }],
      meta: { resourceType: "User" },
    });
    expect(await storedUser(created.body.id)).toMatchObject({
      email: "Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com",
      name: "givenName familyName",
      external_id: "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
      status: "active",
      password_hash: null,
    });
  });

  it("Get User, Get User by query, and by query with zero results", async () => {
    const id = await createUser();
    const got = await scim.get(`/Users/${id}`);
    expect(got.status).toBe(200);
    expect(got.body.id).toBe(id);
    const byUserName = await scim.get(byFilter(`userName eq "${CREATE_USER.userName}"`));
    expect(byUserName.body).toMatchObject({ totalResults: 1, startIndex: 1, itemsPerPage: 1 });
    expect(byUserName.body.Resources[0].id).toBe(id);
    expect((await scim.get(byFilter('userName eq "non-existent user"'))).body.totalResults).toBe(0);
    const byWorkEmail = await scim.get(byFilter(`emails[type eq "work"].value eq "${CREATE_USER.emails[0]?.value.toUpperCase()}"`));
    expect(byWorkEmail.body.Resources.map((user: { id: string }) => user.id)).toEqual([id]);
    const byExternalId = await scim.get(byFilter(`externalId eq "${CREATE_USER.externalId}"`));
    expect(byExternalId.body.totalResults).toBe(1);
    expect((await scim.get("/Users/5171a35d82074e068ce2")).status).toBe(404);
  });

  it("Update User [multi-valued] and [single-valued], default form: Replace a work email, a family name, the userName", async () => {
    const id = await createUser();
    const multi = await scim.patch(`/Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [
        { op: "Replace", path: 'emails[type eq "work"].value', value: "updatedEmail@microsoft.com" },
        { op: "Replace", path: "name.familyName", value: "updatedFamilyName" },
      ],
    });
    expect(multi.status).toBe(200);
    expect(multi.body.name).toEqual({ formatted: "givenName updatedFamilyName", givenName: "givenName", familyName: "updatedFamilyName" });
    expect(multi.body.emails).toEqual([{ value: "updatedEmail@microsoft.com", type: "work", primary: true }]);
    const single = await scim.patch(`/Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "Replace", path: "userName", value: "5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com" }],
    });
    expect(single.body.userName).toBe("5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com");
    expect(await storedUser(id)).toMatchObject({
      email: "updatedEmail@microsoft.com",
      family_name: "updatedFamilyName",
      name: "givenName updatedFamilyName",
      scim_user_name: "5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com",
    });
  });

  it.each([
    ["the default form", { op: "Replace", path: "active", value: "False" }, { op: "Replace", path: "active", value: "True" }],
    ["the RFC form (?aadOptscim062020)", { op: "replace", path: "active", value: false }, { op: "replace", path: "active", value: true }],
  ])("Disable User, then enable again, in %s", async (_form, disable, enable) => {
    const id = await createUser();
    const disabled = await scim.patch(`/Users/${id}`, { schemas: [PATCH_OP], Operations: [disable] });
    expect(disabled.status).toBe(200);
    expect(disabled.body.active).toBe(false);
    expect(await storedUser(id)).toMatchObject({ status: "disabled" });
    const enabled = await scim.patch(`/Users/${id}`, { schemas: [PATCH_OP], Operations: [enable] });
    expect(enabled.body.active).toBe(true);
    expect(await storedUser(id)).toMatchObject({ status: "active" });
  });

  it("Replace multiple attributes, default form: one op each, the enterprise attribute by URN path (ignored)", async () => {
    const id = await createUser();
    const answer = await scim.patch(`/Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [
        { op: "Replace", path: "displayName", value: "Pvlo" },
        { op: "Replace", path: 'emails[type eq "work"].value', value: "TestBcwqnm@test.microsoft.com" },
        { op: "Replace", path: "name.givenName", value: "Gtfd" },
        { op: "Replace", path: "name.familyName", value: "Pkqf" },
        { op: "Replace", path: "externalId", value: "Eqpj" },
        { op: "Replace", path: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber", value: "Eqpj" },
      ],
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ displayName: "Pvlo", externalId: "Eqpj", name: { givenName: "Gtfd", familyName: "Pkqf" } });
    expect(await storedUser(id)).toMatchObject({
      email: "TestBcwqnm@test.microsoft.com",
      name: "Pvlo",
      given_name: "Gtfd",
      external_id: "Eqpj",
    });
  });

  it("Replace multiple attributes, RFC form: a path-less value with dotted and URN-prefixed keys", async () => {
    const id = await createUser();
    const answer = await scim.patch(`/Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [
        { op: "replace", path: 'emails[type eq "work"].value', value: "TestMhvaes@test.microsoft.com" },
        {
          op: "replace",
          value: {
            displayName: "Bjfe",
            "name.givenName": "Kkom",
            "name.familyName": "Unua",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber": "Aklq",
          },
        },
      ],
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ displayName: "Bjfe", name: { givenName: "Kkom", familyName: "Unua" } });
    expect(await storedUser(id)).toMatchObject({ email: "TestMhvaes@test.microsoft.com", name: "Bjfe", family_name: "Unua" });
  });

  it.each([
    ["the default form", { op: "Add", path: "nickName", value: "Babs" }],
    ["the RFC form", { op: "add", path: "nickName", value: "Babs" }],
    [
      "a manager as a bare string (Entra's quirk)",
      { op: "Add", path: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager", value: "2c2f6fb8" },
    ],
    ["a manager removed by filter", { op: "Remove", path: 'manager[value eq "2c2f6fb8"]' }],
    ["a null value", { op: "Replace", path: "title", value: null }],
    [
      "Microsoft's manager PATCH (Example 5, a $ref list)",
      {
        op: "Add",
        path: "manager",
        value: [{ $ref: "http://example.com/scim/Users/00aa00aa", value: "00aa00aa-bb11-cc22-dd33-44ee44ee44ee" }],
      },
    ],
  ])("accepts and ignores an attribute JAMS IMES does not keep: %s", async (_name, operation) => {
    const id = await createUser();
    const before = await storedUser(id);
    const answer = await scim.patch(`/Users/${id}`, { schemas: [PATCH_OP], Operations: [operation] });
    expect(answer.status).toBe(200);
    expect(await storedUser(id)).toEqual(before);
  });

  it("a null sub-attribute in a path-less value unassigns it; its sibling is set", async () => {
    const id = await createUser();
    const answer = await scim.patch(`/Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "Replace", value: { name: { givenName: "Gina", familyName: null } } }],
    });
    expect(answer.status).toBe(200);
    expect(answer.body.name).toEqual({ formatted: "Gina", givenName: "Gina" });
    expect(await storedUser(id)).toMatchObject({ given_name: "Gina", family_name: null, name: "Gina" });
  });

  it("deactivation ends the user's live sessions at once, in the same write", async () => {
    const id = await createUser();
    await insertLiveSession(t, { id: "live", userId: id });
    await scim.patch(`/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: "Replace", path: "active", value: "False" }] });
    expect(await t.sql("select id from sessions where user_id = ? and revoked_at is null", id)).toHaveLength(0);
  });

  it("Delete User → 204, then the user is gone for SCIM (404, no longer listed) and deactivated in the workspace, sessions ended", async () => {
    const id = await createUser();
    await insertLiveSession(t, { id: "live", userId: id });
    expect((await scim.delete(`/Users/${id}`)).status).toBe(204);
    expect(await t.sql("select id from sessions where user_id = ? and revoked_at is null", id)).toHaveLength(0);
    expect((await scim.get(`/Users/${id}`)).status).toBe(404);
    expect((await scim.get(byFilter(`userName eq "${CREATE_USER.userName}"`))).body.totalResults).toBe(0);
    expect((await scim.delete(`/Users/${id}`)).status).toBe(404);
    expect(await storedUser(id)).toMatchObject({ status: "disabled" });
  });

  it("POST with Microsoft's top-level nulls (and its enterprise:2.0User typo) creates the user, nulls unassigned", async () => {
    const created = await scim.post("/Users", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0User"],
      externalId: "jyoung",
      userName: "jyoung@testuser.com",
      active: true,
      addresses: null,
      displayName: "Joy Young",
      emails: [{ type: "work", value: "jyoung@Contoso.com", primary: true }],
      meta: { resourceType: "User" },
      name: { familyName: "Young", givenName: "Joy" },
      phoneNumbers: null,
      preferredLanguage: null,
      title: null,
      department: null,
      manager: null,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ displayName: "Joy Young", emails: [{ value: "jyoung@Contoso.com" }] });
    expect(created.body).not.toHaveProperty("title");
    expect((await scim.get(byFilter('externalId eq "jyoung"'))).body.totalResults).toBe(1);
  });
});
