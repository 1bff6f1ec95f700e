import { generateKeyPair, SignJWT, UnsecuredJWT } from "jose";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type HostileIdp, startHostileIdp } from "../../test-support/hostile-idp.ts";
import {
  attemptSsoViaAutoIdp,
  CLIENT_ID,
  CLIENT_SECRET,
  handoffCodeOf,
  ssoErrorOf,
  tenantUsingIssuer,
} from "../../test-support/sso-harness.ts";
import { createTestApp, DEFAULT_PASSWORD, type TestApp } from "../../test-support/test-app.ts";

let t: TestApp;
let idp: HostileIdp;

beforeEach(async () => {
  t = await createTestApp();
  idp = await startHostileIdp(CLIENT_ID);
  await tenantUsingIssuer(t, idp.issuer);
});
afterEach(async () => {
  await idp.close();
  await t.close();
});

/** Signs in through the hostile IdP and checks the outcome is exactly `code`, with nothing issued or changed. */
async function expectRefused(code: string) {
  const usersBefore = JSON.stringify(await t.sql("select * from users order by id"));
  const { location } = await attemptSsoViaAutoIdp(t, "user@acme.com");
  expect(ssoErrorOf(location)).toBe(code);
  expect(handoffCodeOf(location)).toBeNull();
  expect(await t.sql("select * from sso_handoffs")).toHaveLength(0);
  expect(JSON.stringify(await t.sql("select * from users order by id"))).toBe(usersBefore);
  for (const request of idp.received) {
    const basic = request.authorization?.startsWith("Basic ") ? Buffer.from(request.authorization.slice(6), "base64").toString() : "";
    const carriesSecret = request.body.includes(CLIENT_SECRET) || decodeURIComponent(basic).includes(CLIENT_SECRET);
    if (carriesSecret) expect(request.path).toBe("/token");
  }
  expect(idp.received.some((request) => request.path === "/token" && request.authorization?.startsWith("Basic "))).toBe(true);
}

describe("a well-behaved IdP (control)", () => {
  it("signs the invited user in", async () => {
    const { location } = await attemptSsoViaAutoIdp(t, "user@acme.com");
    expect(handoffCodeOf(location)).toBeTruthy();
  });
});

describe("ID token signature attacks → sso_token_invalid", () => {
  it("corrupted signature", async () => {
    idp.behave({ idToken: async (claims, ctx) => `${(await ctx.sign(claims)).slice(0, -6)}AAAAAA` });
    await expectRefused("sso_token_invalid");
  });

  it("alg none, even when discovery advertises it", async () => {
    idp.behave({
      discovery: (base) => ({ ...base, id_token_signing_alg_values_supported: ["none", "RS256"] }),
      idToken: async (claims) => new UnsecuredJWT(claims).encode(),
    });
    await expectRefused("sso_token_invalid");
  });

  it("HMAC-signed with the client secret", async () => {
    idp.behave({
      discovery: (base) => ({ ...base, id_token_signing_alg_values_supported: ["HS256", "RS256"] }),
      idToken: (claims) => new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).sign(new TextEncoder().encode(CLIENT_SECRET)),
    });
    await expectRefused("sso_token_invalid");
  });

  it("signed by a foreign key claiming the IdP's kid", async () => {
    const foreign = await generateKeyPair("RS256");
    idp.behave({
      idToken: async (claims, ctx) => {
        const genuine = await ctx.sign(claims);
        const { kid } = JSON.parse(Buffer.from(genuine.split(".")[0] as string, "base64url").toString());
        return new SignJWT(claims).setProtectedHeader({ alg: "RS256", kid }).sign(foreign.privateKey);
      },
    });
    await expectRefused("sso_token_invalid");
  });
});

describe("ID token claim attacks → sso_token_invalid", () => {
  it.each([
    ["wrong iss", (c: Record<string, unknown>) => ({ ...c, iss: "https://attacker.example" })],
    ["wrong aud", (c: Record<string, unknown>) => ({ ...c, aud: "someone-else" })],
    ["extra audience without azp", (c: Record<string, unknown>) => ({ ...c, aud: [CLIENT_ID, "someone-else"] })],
    ["azp naming another client", (c: Record<string, unknown>) => ({ ...c, aud: [CLIENT_ID, "other"], azp: "other" })],
    ["expired", (c: Record<string, unknown>) => ({ ...c, exp: Math.floor(Date.now() / 1000) - 600 })],
    ["missing iat", ({ iat: _iat, ...c }: Record<string, unknown>) => c],
    ["missing sub", ({ sub: _sub, ...c }: Record<string, unknown>) => c],
    ["wrong nonce", (c: Record<string, unknown>) => ({ ...c, nonce: "replayed-nonce" })],
    ["missing nonce", ({ nonce: _nonce, ...c }: Record<string, unknown>) => c],
  ])("%s", async (_name, edit) => {
    idp.behave({ idTokenClaims: (claims) => edit(claims as Record<string, unknown>) });
    await expectRefused("sso_token_invalid");
  });
});

describe("email claim problems", () => {
  it("sso_no_email_claim: neither the ID token nor userinfo has an email", async () => {
    idp.behave({ idTokenClaims: ({ email: _e, email_verified: _v, ...claims }) => claims, userinfo: ({ email: _e, ...rest }) => rest });
    await expectRefused("sso_no_email_claim");
  });

  it.each([[""], ["   "], [42], [["user@acme.com"]]])("sso_no_email_claim: email is %j", async (email) => {
    idp.signInAs(email);
    await expectRefused("sso_no_email_claim");
  });

  it("sso_email_unverified: email_verified is false", async () => {
    idp.signInAs("user@acme.com", { emailVerified: false });
    await expectRefused("sso_email_unverified");
  });

  it("accepts an absent email_verified (Entra ID omits it)", async () => {
    idp.signInAs("user@acme.com", { emailVerified: undefined });
    const { location } = await attemptSsoViaAutoIdp(t, "user@acme.com");
    expect(handoffCodeOf(location)).toBeTruthy();
  });

  it("user_not_provisioned: a Cyrillic look-alike of the invited email", async () => {
    idp.signInAs("user@acme.com".replace("a", "\u0430"));
    await expectRefused("user_not_provisioned");
  });

  it("user_not_provisioned: a KELVIN SIGN look-alike of an invitee's email (the IdP's K is U+212A)", async () => {
    const login = await t.mutate<{ token: string }>("auth.passwordLogin", { email: "admin@acme.com", password: DEFAULT_PASSWORD });
    await t.mutate("team.invite", { email: "kevin@acme.com", role: "member" }, login.data.token);
    idp.signInAs("\u212Aevin@acme.com");
    const refused = await attemptSsoViaAutoIdp(t, "kevin@acme.com");
    expect(ssoErrorOf(refused.location)).toBe("user_not_provisioned");
    idp.signInAs("kevin@acme.com");
    expect(handoffCodeOf((await attemptSsoViaAutoIdp(t, "kevin@acme.com")).location)).toBeTruthy();
  });

  it("sso_token_invalid: userinfo names another subject", async () => {
    idp.behave({ idTokenClaims: ({ email: _e, ...claims }) => claims, userinfo: (base) => ({ ...base, sub: "someone-else" }) });
    await expectRefused("sso_token_invalid");
  });
});

describe("signing keys", () => {
  it("accepts a key published without a kid when it is the only one", async () => {
    idp.behave({
      jwks: (base) => ({ keys: base.keys.map(({ kid: _kid, ...key }) => key) }),
      idToken: (claims, ctx) => ctx.sign(claims, { kid: undefined }),
    });
    const { location } = await attemptSsoViaAutoIdp(t, "user@acme.com");
    expect(handoffCodeOf(location)).toBeTruthy();
  });

  it("refuses a token without kid when several keys could have signed it", async () => {
    await idp.rotateKey();
    idp.behave({ idToken: (claims, ctx) => ctx.sign(claims, { kid: undefined }) });
    await expectRefused("sso_token_invalid");
  });

  it("follows a key rotation: the new key works after one JWKS refresh", async () => {
    expect(handoffCodeOf((await attemptSsoViaAutoIdp(t, "user@acme.com")).location)).toBeTruthy();
    expect(idp.countOf("/jwks")).toBe(1);
    await idp.rotateKey();
    expect(handoffCodeOf((await attemptSsoViaAutoIdp(t, "user@acme.com")).location)).toBeTruthy();
    expect(handoffCodeOf((await attemptSsoViaAutoIdp(t, "user@acme.com")).location)).toBeTruthy();
    expect(idp.countOf("/jwks")).toBe(2);
  });

  it("does not refetch the JWKS for every forged kid (bounded refetching)", async () => {
    for (let attempt = 0; attempt < 5; attempt++) {
      idp.behave({ idToken: (claims, ctx) => ctx.sign(claims, { kid: `forged-${attempt}` }) });
      await expectRefused("sso_token_invalid");
    }
    expect(idp.countOf("/jwks")).toBeLessThanOrEqual(2);
  });
});
