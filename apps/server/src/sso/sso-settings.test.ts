import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type HostileIdp, startHostileIdp } from "../test-support/hostile-idp.ts";
import { attemptSsoViaAutoIdp, CLIENT_ID, CLIENT_SECRET, tenantUsingIssuer } from "../test-support/sso-harness.ts";
import { createTestApp, type TestApp } from "../test-support/test-app.ts";

let t: TestApp;
let idp: HostileIdp;
let admin: string;
beforeEach(async () => {
  t = await createTestApp();
  idp = await startHostileIdp(CLIENT_ID);
  admin = await tenantUsingIssuer(t, idp.issuer);
});
afterEach(async () => {
  await idp.close();
  await t.close();
});

const DAY = 24 * 60 * 60_000;
const dateIn = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
const save = (fields: Record<string, unknown>) =>
  t.mutate<{ config: { clientSecretExpiresOn: string | null; secretExpiry: string } }>(
    "sso.save",
    { displayName: "IdP", issuer: idp.issuer, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, ...fields },
    admin,
  );

describe("client-secret expiry", () => {
  it("is optional, kept as a date, and reads soon from 30 days before", async () => {
    expect((await save({})).data.config).toMatchObject({ clientSecretExpiresOn: null, secretExpiry: "untracked" });
    expect((await save({ clientSecretExpiresOn: dateIn(400) })).data.config).toMatchObject({
      clientSecretExpiresOn: dateIn(400),
      secretExpiry: "ok",
    });
    expect((await save({ clientSecretExpiresOn: dateIn(20) })).data.config.secretExpiry).toBe("soon");
    await t.sql("update sso_configs set client_secret_expires_at = ?", Date.now() - 1000);
    const later = await t.query<{ config: { secretExpiry: string } }>("sso.get", undefined, admin);
    expect(later.data.config.secretExpiry).toBe("expired");
  });

  it.each([
    ["2027-02-30", "Enter a date like 2027-06-30"],
    ["30/06/2027", "Enter a date like 2027-06-30"],
    [dateIn(-3), "This date has passed"],
    [dateIn(4000), "at most 10 years"],
  ])("refuses %j with a field message and saves nothing", async (date, message) => {
    const before = await t.sql("select * from sso_configs");
    const answer = await save({ clientSecretExpiresOn: date });
    expect(answer.status).toBe(400);
    expect(answer.error?.data.fieldErrors?.clientSecretExpiresOn?.[0]).toContain(message);
    expect(await t.sql("select * from sso_configs")).toEqual(before);
  });
});

describe("the issuer field's advice", () => {
  it.each([
    "https://login.microsoftonline.com/common/v2.0",
    "https://login.microsoftonline.com/organizations/v2.0/",
    "https://login.microsoftonline.com/{tenantid}/v2.0",
  ])("sends Entra ID's multi-tenant URL %s to the Directory (tenant) ID, without fetching anything", async (issuer) => {
    const answer = await save({ issuer });
    expect(answer.error?.data.fieldErrors?.issuer?.[0]).toMatch(/multi-tenant URL.*Directory \(tenant\) ID.*Overview page/);
  });
});

describe("SSO health", () => {
  it("checks discovery and the JWKS now, lists the endpoints, and shows the last sign-in and failure", async () => {
    idp.signInAs("user@acme.com");
    await attemptSsoViaAutoIdp(t, "user@acme.com");
    idp.signInAs("stranger@acme.com");
    await attemptSsoViaAutoIdp(t, "user@acme.com");
    const health = await t.query<Record<string, unknown>>("sso.health", undefined, admin);
    expect(health.data).toMatchObject({
      discovery: { ok: true, problem: null },
      endpoints: { authorization: `${idp.issuer}/authorize`, token: `${idp.issuer}/token`, jwks: `${idp.issuer}/jwks` },
      jwks: { ok: true, keyCount: 1 },
      lastSuccess: { email: "user@acme.com" },
      lastFailure: { email: "stranger@acme.com", code: "user_not_provisioned", help: { explanation: expect.any(String) } },
    });
  });

  it("says what is wrong when the IdP is down, and is for admins of the workspace only", async () => {
    idp.behave({ jwks: () => ({ keys: [] }) });
    expect((await t.query<{ jwks: unknown }>("sso.health", undefined, admin)).data.jwks).toEqual({
      ok: false,
      keyCount: 0,
      problem: "The JWKS lists no keys.",
    });
    await idp.close();
    const down = await t.query<{ discovery: { ok: boolean; problem: string }; endpoints: unknown }>("sso.health", undefined, admin);
    expect(down.data.discovery.ok).toBe(false);
    expect(down.data.endpoints).toBeNull();
    expect((await t.query("sso.health")).status).toBe(401);
  });
});
