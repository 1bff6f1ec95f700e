import { ENTRA_TENANT_URL_ADVICE } from "@jams/contracts";
import { describe, expect, it } from "vitest";
import { adviceOn, type TypedValues } from "./idp-advice.ts";

const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const values = (overrides: Partial<TypedValues>): TypedValues => ({ issuer: "", clientId: "", clientSecret: "", ...overrides });

describe("adviceOn", () => {
  it("says nothing about empty or plausible values", () => {
    expect(adviceOn("entra-id", "issuer", values({}))).toBeUndefined();
    expect(adviceOn("entra-id", "issuer", values({ issuer: `https://login.microsoftonline.com/${TENANT}/v2.0` }))).toBeUndefined();
    expect(adviceOn("entra-id", "clientSecret", values({ clientSecret: "Abc8Q~secret.value-from-entra" }))).toBeUndefined();
    expect(adviceOn("okta", "issuer", values({ issuer: "https://acme.okta.com" }))).toBeUndefined();
    expect(adviceOn("google-workspace", "issuer", values({ issuer: "https://accounts.google.com/" }))).toBeUndefined();
    expect(adviceOn("keycloak", "issuer", values({ issuer: "https://sso.example.com/auth/realms/acme" }))).toBeUndefined();
    expect(adviceOn(null, "issuer", values({ issuer: "not a url" }))).toBeUndefined();
  });

  it("answers Entra's multi-tenant URLs with the server's own advice, whichever IdP is picked", () => {
    for (const kind of ["entra-id", null] as const) {
      expect(adviceOn(kind, "issuer", values({ issuer: "https://login.microsoftonline.com/common/v2.0" }))).toBe(ENTRA_TENANT_URL_ADVICE);
      expect(
        adviceOn(
          kind,
          "issuer",
          values({ issuer: "https://login.microsoftonline.com/organizations/v2.0/.well-known/openid-configuration" }),
        ),
      ).toBe(ENTRA_TENANT_URL_ADVICE);
    }
  });

  it("points Entra admins at the v2.0 issuer with the Directory (tenant) ID", () => {
    expect(adviceOn("entra-id", "issuer", values({ issuer: `https://sts.windows.net/${TENANT}/` }))).toMatch(/v1\.0/);
    expect(adviceOn("entra-id", "issuer", values({ issuer: "https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0" }))).toMatch(
      /Directory \(tenant\) ID/,
    );
    expect(adviceOn("entra-id", "issuer", values({ issuer: `https://login.microsoftonline.com/${TENANT}` }))).toMatch(/v2\.0/);
  });

  it("recognises Entra's Secret ID and Directory (tenant) ID pasted into the wrong field", () => {
    expect(adviceOn("entra-id", "clientSecret", values({ clientSecret: "0f8fad5b-d9cb-469f-a165-70867728950e" }))).toMatch(/Secret ID/);
    const issuer = `https://login.microsoftonline.com/${TENANT}/v2.0`;
    expect(adviceOn("entra-id", "clientId", values({ issuer, clientId: TENANT }))).toMatch(/Application \(client\) ID/);
    expect(adviceOn("entra-id", "clientId", values({ issuer, clientId: "0f8fad5b-d9cb-469f-a165-70867728950e" }))).toBeUndefined();
  });

  it("catches the Okta admin host, another Google issuer, a Google client ID and a Keycloak issuer without its realm", () => {
    expect(adviceOn("okta", "issuer", values({ issuer: "https://acme-admin.okta.com" }))).toMatch(/-admin/);
    expect(adviceOn("google-workspace", "issuer", values({ issuer: "https://accounts.google.com/o/oauth2" }))).toMatch(/always/);
    expect(adviceOn("google-workspace", "clientId", values({ clientId: "1234" }))).toMatch(/apps\.googleusercontent\.com/);
    expect(adviceOn("keycloak", "issuer", values({ issuer: "https://sso.example.com" }))).toMatch(/realms/);
  });
});
