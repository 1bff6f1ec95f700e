import { randomBytes } from "node:crypto";
import { generateKeyPair, type JWTPayload, SignJWT, UnsecuredJWT } from "jose";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type HostileIdp, startHostileIdp } from "../../test-support/hostile-idp.ts";
import { insertLiveSession } from "../../test-support/live-session.ts";
import { attemptSsoViaAutoIdp, CLIENT_ID, CLIENT_SECRET, redeemSso, tenantUsingIssuer } from "../../test-support/sso-harness.ts";
import { createTestApp, signUpWorkspace, type TestApp } from "../../test-support/test-app.ts";
import { BACKCHANNEL_LOGOUT_EVENT } from "../backchannel-logout.ts";

const IDP_SESSION = "idp-session-1";
let t: TestApp;
let idp: HostileIdp;
let session: string;

beforeEach(async () => {
  t = await createTestApp();
  idp = await startHostileIdp(CLIENT_ID, { idTokenClaims: (claims) => ({ ...claims, sid: IDP_SESSION }) });
  await tenantUsingIssuer(t, idp.issuer);
  session = await signIn();
});
afterEach(async () => {
  await idp.close();
  await t.close();
});

/** A new SSO session of user@acme.com through the hostile IdP (with its IdP session id). */
async function signIn(): Promise<string> {
  const attempt = await attemptSsoViaAutoIdp(t, "user@acme.com");
  if (!("binder" in attempt)) throw new Error(`sign-in failed: ${attempt.location}`);
  return (await redeemSso(t, attempt)).data.token;
}

const now = () => Math.floor(Date.now() / 1000);
const validClaims = (): JWTPayload => ({
  iss: idp.issuer,
  aud: CLIENT_ID,
  iat: now(),
  jti: randomBytes(8).toString("hex"),
  events: { [BACKCHANNEL_LOGOUT_EVENT]: {} },
  sub: "hostile-sub-1",
  sid: IDP_SESSION,
});
const signed = (claims: JWTPayload, header: Record<string, unknown> = { typ: "logout+jwt" }) => idp.sign(claims, header);
const postForm = (body: string, contentType = "application/x-www-form-urlencoded") =>
  t.app.request("/auth/sso/backchannel-logout", { method: "POST", headers: { "content-type": contentType }, body });
const postToken = (token: string) => postForm(new URLSearchParams({ logout_token: token }).toString());
const sessionStatus = async () => (await t.query("auth.me", undefined, session)).status;
const logoutEvents = async () => t.sql("select id from audit_events where type = 'session.backchannel_logout'");

/** The IdP's logout request is refused with 400 and changes nothing: the session lives on, nothing is audited. */
async function expectRefused(response: Response) {
  expect(response.status).toBe(400);
  expect(response.headers.get("cache-control")).toBe("no-store");
  expect(((await response.json()) as { error: string }).error).toBe("invalid_request");
  expect(await sessionStatus()).toBe(200);
  expect(await logoutEvents()).toHaveLength(0);
}

describe("back-channel logout tokens that must be refused (OpenID Connect Back-Channel Logout 1.0 §2.6)", () => {
  it("control: a valid logout token ends the session", async () => {
    expect((await postToken(await signed(validClaims()))).status).toBe(200);
    expect(await sessionStatus()).toBe(401);
  });

  it("control: `sub` alone ends every session of that user from the issuer", async () => {
    const { sid: _sid, ...bySubject } = validClaims();
    expect((await postToken(await signed(bySubject))).status).toBe(200);
    expect(await sessionStatus()).toBe(401);
  });

  it.each<[string, (claims: JWTPayload) => JWTPayload]>([
    ["another issuer", (claims) => ({ ...claims, iss: "https://evil.example" })],
    ["an audience that is not the tenant's client", (claims) => ({ ...claims, aud: "another-client" })],
    ["no back-channel logout event", (claims) => ({ ...claims, events: { "http://schemas.openid.net/event/other": {} } })],
    ["an event that is not an object", (claims) => ({ ...claims, events: { [BACKCHANNEL_LOGOUT_EVENT]: true } })],
    ["no events claim", ({ events: _events, ...claims }) => claims],
    ["a nonce (an ID token passed off as a logout token)", (claims) => ({ ...claims, nonce: "n" })],
    ["neither sub nor sid", ({ sub: _sub, sid: _sid, ...claims }) => claims],
    ["no jti", ({ jti: _jti, ...claims }) => claims],
    ["no iat", ({ iat: _iat, ...claims }) => claims],
    ["an iat 10 minutes old", (claims) => ({ ...claims, iat: now() - 600 })],
    ["an iat 10 minutes in the future", (claims) => ({ ...claims, iat: now() + 600 })],
    ["an exp in the past", (claims) => ({ ...claims, exp: now() - 120 })],
  ])("%s", async (_name, edit) => {
    await expectRefused(await postToken(await signed(edit(validClaims()))));
  });

  it("another user's sub and IdP session: valid, and ends nothing of this user's", async () => {
    const response = await postToken(await signed({ ...validClaims(), sub: "someone-else", sid: "another-idp-session" }));
    expect(response.status).toBe(200);
    expect(await sessionStatus()).toBe(200);
  });

  it("ends sessions only in the workspace whose client the token is for, when two trust the same issuer", async () => {
    const globex = await signUpWorkspace(t, "admin@globex.com", "Globex");
    const saved = await t.mutate(
      "sso.save",
      { displayName: "IdP", issuer: idp.issuer, clientId: "globex-client", clientSecret: CLIENT_SECRET },
      globex,
    );
    expect(saved.status).toBe(200);
    const [admin] = await t.sql<{ id: string }>("select id from users where email = 'admin@globex.com'");
    await insertLiveSession(t, {
      id: "globex-sso",
      userId: admin?.id ?? "",
      idp: { issuer: idp.issuer, subject: "hostile-sub-1", sessionId: IDP_SESSION },
    });
    expect((await postToken(await signed(validClaims()))).status).toBe(200);
    expect(await sessionStatus()).toBe(401);
    expect(await t.sql("select id from sessions where id = 'globex-sso' and revoked_at is null")).toHaveLength(1);
  });

  it("a JWT typ other than logout+jwt", async () => {
    await expectRefused(await postToken(await signed(validClaims(), { typ: "JWT" })));
  });

  it("alg none", async () => {
    await expectRefused(await postToken(new UnsecuredJWT(validClaims()).encode()));
  });

  it("HS256 keyed with the client secret", async () => {
    const token = await new SignJWT(validClaims()).setProtectedHeader({ alg: "HS256" }).sign(new TextEncoder().encode(CLIENT_SECRET));
    await expectRefused(await postToken(token));
  });

  it("signed by a key the IdP does not publish", async () => {
    const { privateKey } = await generateKeyPair("RS256");
    await expectRefused(
      await postToken(await new SignJWT(validClaims()).setProtectedHeader({ alg: "RS256", kid: "stranger" }).sign(privateKey)),
    );
  });

  it("a replayed token (same jti), once its first use succeeded", async () => {
    const token = await signed(validClaims());
    expect((await postToken(token)).status).toBe(200);
    session = await signIn();
    const replayed = await postToken(token);
    expect(replayed.status).toBe(400);
    expect(await sessionStatus()).toBe(200);
  });

  it.each([
    ["a JSON body", JSON.stringify({ logout_token: "x" }), "application/json"],
    ["no logout_token field", "token=x", "application/x-www-form-urlencoded"],
    ["two logout_token fields", "logout_token=a&logout_token=b", "application/x-www-form-urlencoded"],
    ["garbage", "logout_token=%00%01", "application/x-www-form-urlencoded"],
    ["an oversized body", `logout_token=${"a".repeat(20_000)}`, "application/x-www-form-urlencoded"],
  ])("%s", async (_name, body, contentType) => {
    await expectRefused(await postForm(body, contentType));
  });
});
