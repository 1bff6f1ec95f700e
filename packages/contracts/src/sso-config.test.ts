import { describe, expect, it } from "vitest";
import { normalizeIssuerInput, ssoSaveInput } from "./sso-config.ts";

describe("normalizeIssuerInput", () => {
  it("strips a pasted discovery suffix and surrounding spaces", () => {
    expect(normalizeIssuerInput(" https://login.example.com/tenant/v2.0/.well-known/openid-configuration ")).toBe(
      "https://login.example.com/tenant/v2.0",
    );
  });

  it("keeps a trailing slash (Auth0 issuers end with one)", () => {
    expect(normalizeIssuerInput("https://acme.eu.auth0.com/")).toBe("https://acme.eu.auth0.com/");
  });
});

describe("ssoSaveInput", () => {
  const valid = { displayName: "Okta", issuer: "https://acme.okta.com", clientId: "abc" };

  it("treats an empty client secret as 'keep the saved one'", () => {
    expect(ssoSaveInput.parse({ ...valid, clientSecret: "  " }).clientSecret).toBeUndefined();
  });

  it.each(["not a url", "ftp://acme.okta.com", "https://acme.okta.com?x=1", "https://user:pw@acme.okta.com"])(
    "rejects the issuer %j with a field message",
    (issuer) => {
      const result = ssoSaveInput.safeParse({ ...valid, issuer });
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.path).toEqual(["issuer"]);
    },
  );
});
