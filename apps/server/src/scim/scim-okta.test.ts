import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { byFilter, type ScimClient, scimClient, scimTokenFor } from "../test-support/scim-client.ts";
import { createServedTestApp, type ServedTestApp } from "../test-support/served-test-app.ts";
import { DEFAULT_PASSWORD, signUpWorkspace } from "../test-support/test-app.ts";

/**
 * Okta's SCIM client, replayed: the request bodies are Okta's own, from its "SCIM 2.0 Protocol
 * Reference" (developer.okta.com): the existence check and paging with integer fields, POST with a
 * placeholder `password`, the App Integration Wizard's full PUT, and the OIN apps' path-less PATCH.
 */
let t: ServedTestApp;
let scim: ScimClient;
let admin: string;
beforeEach(async () => {
  t = await createServedTestApp();
  admin = await signUpWorkspace(t, "admin@okta.local", "Okta Co");
  scim = scimClient(t.baseUrl, await scimTokenFor(t, admin));
});
afterEach(async () => t.close());

const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const CREATE_USER = {
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
  userName: "test.user@okta.local",
  name: { givenName: "Test", familyName: "User" },
  emails: [{ primary: true, value: "test.user@okta.local", type: "work" }],
  displayName: "Test User",
  locale: "en-US",
  externalId: "00ujl29u0le5T6Aj10h7",
  groups: [],
  password: "1mz050nq",
  active: true,
};

describe("Okta: the documented request sequence", () => {
  it("paging: startIndex/count as integers, a stable order, count=0 counts only", async () => {
    for (const index of [1, 2, 3])
      await scim.post("/Users", { ...CREATE_USER, userName: `u${index}@okta.local`, emails: [], externalId: `x${index}` });
    const first = await scim.get("/Users?startIndex=1&count=2");
    expect(first.body).toMatchObject({ totalResults: 4, startIndex: 1, itemsPerPage: 2 });
    const second = await scim.get("/Users?startIndex=3&count=2");
    expect(second.body).toMatchObject({ totalResults: 4, startIndex: 3, itemsPerPage: 2 });
    const all = [...first.body.Resources, ...second.body.Resources].map((user: { userName: string }) => user.userName);
    expect(all).toEqual(["admin@okta.local", "u1@okta.local", "u2@okta.local", "u3@okta.local"]);
    expect((await scim.get("/Users?count=0")).body).toMatchObject({ totalResults: 4, itemsPerPage: 0, Resources: [] });
    expect((await scim.get("/Users?startIndex=99")).body).toMatchObject({
      totalResults: 4,
      startIndex: 99,
      itemsPerPage: 0,
      Resources: [],
    });
  });

  it("pages hold at most 200 users, whatever count asks for", async () => {
    for (let index = 0; index < 200; index++)
      expect(
        (await scim.post("/Users", { ...CREATE_USER, userName: `p${index}@okta.local`, emails: [], externalId: `p${index}` })).status,
      ).toBe(201);
    const page = await scim.get("/Users?startIndex=1&count=1000");
    expect(page.body).toMatchObject({ totalResults: 201, startIndex: 1, itemsPerPage: 200 });
    expect(page.body.Resources).toHaveLength(200);
  });

  it("does the user exist? → create (the placeholder password ignored, never stored or returned) → get", async () => {
    const exists = await scim.get(byFilter('userName eq "test.user@okta.local"', "&startIndex=1&count=100"));
    expect(exists.body).toEqual({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
      totalResults: 0,
      startIndex: 1,
      itemsPerPage: 0,
      Resources: [],
    });
    const created = await scim.post("/Users", CREATE_USER);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      userName: "test.user@okta.local",
      displayName: "Test User",
      externalId: "00ujl29u0le5T6Aj10h7",
      active: true,
    });
    expect(JSON.stringify(created.body)).not.toContain("1mz050nq");
    expect(await t.sql("select password_hash from users where id = ?", created.body.id)).toEqual([{ password_hash: null }]);
    const signIn = await t.mutate("auth.passwordLogin", { email: "test.user@okta.local", password: "1mz050nq" });
    expect(signIn.status).toBe(401);
    expect((await scim.get(`/Users/${created.body.id}`)).body.userName).toBe("test.user@okta.local");
  });

  it("matches userName case-insensitively, like sign-in (Okta's test sends it upper-cased)", async () => {
    const created = await scim.post("/Users", CREATE_USER);
    const found = await scim.get(byFilter('userName eq "TEST.USER@OKTA.LOCAL"'));
    expect(found.body.Resources.map((user: { id: string }) => user.id)).toEqual([created.body.id]);
    const duplicate = await scim.post("/Users", { ...CREATE_USER, userName: "Test.User@Okta.Local" });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toEqual({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
      status: "409",
      scimType: "uniqueness",
      detail: "A user with this userName or email already exists",
    });
  });

  it("App Integration Wizard: a full PUT updates the profile; a PUT with active:false deactivates, and one without active leaves it", async () => {
    const { body } = await scim.post("/Users", CREATE_USER);
    const put = {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      id: body.id,
      userName: "test.user@okta.local",
      name: { givenName: "Another", middleName: "Excited", familyName: "User" },
      emails: [{ primary: true, value: "test.user@okta.local", type: "work", display: "test.user@okta.local" }],
      active: true,
      groups: [],
      meta: { resourceType: "User" },
    };
    const updated = await scim.put(`/Users/${body.id}`, put);
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ displayName: "Another User", name: { givenName: "Another", familyName: "User" } });
    const deactivated = await scim.put(`/Users/${body.id}`, { ...put, active: false });
    expect(deactivated.body.active).toBe(false);
    const { active: _active, ...withoutActive } = put;
    expect((await scim.put(`/Users/${body.id}`, withoutActive)).body.active).toBe(false);
    expect(await t.sql("select status from users where id = ?", body.id)).toEqual([{ status: "disabled" }]);
  });

  it("OIN apps: PATCH {active:false} deactivates, {active:true} reactivates", async () => {
    const { body } = await scim.post("/Users", CREATE_USER);
    const deactivated = await scim.patch(`/Users/${body.id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "replace", value: { active: false } }],
    });
    expect(deactivated.status).toBe(200);
    expect(deactivated.body.active).toBe(false);
    expect(await t.sql("select status from users where id = ?", body.id)).toEqual([{ status: "disabled" }]);
    const reactivated = await scim.patch(`/Users/${body.id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "replace", value: { active: true } }],
    });
    expect(reactivated.body.active).toBe(true);
    expect(await t.sql("select status from users where id = ?", body.id)).toEqual([{ status: "active" }]);
  });
});

describe("SCIM provisioning and the workspace's own users", () => {
  it("POST for an email already invited links that user (no duplicate), and the invitee then signs in through SSO only", async () => {
    await t.mutate("team.invite", { email: "test.user@okta.local", role: "member" }, admin);
    const [invited] = await t.sql<{ id: string }>("select id from users where email = 'test.user@okta.local'");
    if (!invited) throw new Error("the invitation made no user");
    const created = await scim.post("/Users", CREATE_USER);
    expect(created.status).toBe(201);
    expect(created.body.id).toBe(invited.id);
    expect(await t.sql("select id from users where email_normalized = 'test.user@okta.local'")).toHaveLength(1);
    expect(await t.sql("select status, is_scim_managed from users where id = ?", invited.id)).toEqual([
      { status: "active", is_scim_managed: t.store.dialect === "sqlite" ? 1 : true },
    ]);
  });

  it("POST for an email of another workspace → 409, nothing changes anywhere", async () => {
    await signUpWorkspace(t, "taken@elsewhere.com", "Elsewhere");
    const before = await t.sql("select * from users order by id");
    const answer = await scim.post("/Users", {
      ...CREATE_USER,
      userName: "taken@elsewhere.com",
      emails: [{ value: "taken@elsewhere.com", primary: true }],
    });
    expect(answer.status).toBe(409);
    expect(answer.body.scimType).toBe("uniqueness");
    expect(await t.sql("select * from users order by id")).toEqual(before);
  });

  it("a user created again after a DELETE is the same person, reactivated", async () => {
    const first = await scim.post("/Users", CREATE_USER);
    await scim.delete(`/Users/${first.body.id}`);
    const again = await scim.post("/Users", CREATE_USER);
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ id: first.body.id, active: true });
  });

  it("records every change in the audit trail with the actor SCIM", async () => {
    const { body } = await scim.post("/Users", CREATE_USER);
    await scim.patch(`/Users/${body.id}`, { schemas: [PATCH_OP], Operations: [{ op: "replace", value: { displayName: "Renamed" } }] });
    await scim.patch(`/Users/${body.id}`, { schemas: [PATCH_OP], Operations: [{ op: "replace", value: { active: false } }] });
    await scim.patch(`/Users/${body.id}`, { schemas: [PATCH_OP], Operations: [{ op: "replace", value: { active: true } }] });
    await scim.delete(`/Users/${body.id}`);
    const events = await t.query<{ events: Array<{ type: string; actorLabel: string | null; email: string }> }>(
      "audit.list",
      undefined,
      admin,
    );
    const scimEvents = events.data.events.filter((event) => event.type.startsWith("scim.user.")).reverse();
    expect(scimEvents.map((event) => [event.type, event.actorLabel, event.email])).toEqual([
      ["scim.user.created", "SCIM", "test.user@okta.local"],
      ["scim.user.updated", "SCIM", "test.user@okta.local"],
      ["scim.user.deactivated", "SCIM", "test.user@okta.local"],
      ["scim.user.reactivated", "SCIM", "test.user@okta.local"],
      ["scim.user.deleted", "SCIM", "test.user@okta.local"],
    ]);
  });

  it("a provisioned user's password sign-in is refused (they have no password); their admin can still sign in", async () => {
    await scim.post("/Users", CREATE_USER);
    expect((await t.mutate("auth.passwordLogin", { email: "test.user@okta.local", password: DEFAULT_PASSWORD })).status).toBe(401);
    expect((await t.mutate("auth.passwordLogin", { email: "admin@okta.local", password: DEFAULT_PASSWORD })).status).toBe(200);
  });
});
