import { createHash, randomBytes } from "node:crypto";
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, type JWTPayload, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { driveBrowserlessLogin, LOGIN_PAGE_TITLE, type LocalIdp, LocalIdpLoginPageError, NO_SUCH_ACCOUNT, startLocalIdp } from "./index.ts";
import { CookieJar } from "./test-support/cookie-jar.ts";

const CLIENT = {
  clientId: "jams-app",
  clientSecret: "app-secret-0123456789",
  redirectUris: ["http://127.0.0.1:9/auth/sso/callback"],
};
const REDIRECT_URI = CLIENT.redirectUris[0] as string;

const ADA = { email: "Ada.Lovelace@Example.com", emailVerified: true, name: "Ada Lovelace" };
const GRACE = { email: "grace@example.com", emailOnlyInUserinfo: true, emailVerified: false };
const ALAN = { email: "alan@example.com", sub: "alan-sub-42" };

const idps: LocalIdp[] = [];
let idp: LocalIdp;

async function startIdp(): Promise<LocalIdp> {
  const started = await startLocalIdp({ clients: [CLIENT], accounts: [ADA, GRACE, ALAN] });
  idps.push(started);
  return started;
}

beforeAll(async () => {
  idp = await startIdp();
});

afterAll(async () => {
  await Promise.all(idps.map((started) => started.close()));
});

interface AuthRequest {
  url: string;
  state: string;
  nonce: string;
  verifier: string;
}

/** Builds an authorization URL as an RP would (PKCE S256 unless told otherwise). */
function authRequest(
  issuer: string,
  opts: { loginHint?: string; pkce?: boolean; clientId?: string; redirectUri?: string } = {},
): AuthRequest {
  const state = randomBytes(16).toString("base64url");
  const nonce = randomBytes(16).toString("base64url");
  const verifier = randomBytes(32).toString("base64url");
  const url = new URL(`${issuer}/auth`);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("client_id", opts.clientId ?? CLIENT.clientId);
  url.searchParams.set("redirect_uri", opts.redirectUri ?? REDIRECT_URI);
  url.searchParams.set("scope", "openid email profile");
  url.searchParams.set("state", state);
  url.searchParams.set("nonce", nonce);
  if (opts.pkce !== false) {
    url.searchParams.set("code_challenge", createHash("sha256").update(verifier).digest("base64url"));
    url.searchParams.set("code_challenge_method", "S256");
  }
  if (opts.loginHint !== undefined) url.searchParams.set("login_hint", opts.loginHint);
  return { url: url.href, state, nonce, verifier };
}

interface TokenResponse {
  access_token: string;
  id_token: string;
  token_type: string;
}

/** Exchanges a code at the token endpoint (client_secret_basic by default). */
async function exchangeCode(
  issuer: string,
  code: string,
  verifier: string,
  opts: { auth?: "basic" | "post"; secret?: string; client?: typeof CLIENT } = {},
): Promise<Response> {
  const client = opts.client ?? CLIENT;
  const secret = opts.secret ?? client.clientSecret;
  const body = new URLSearchParams({
    grant_type: "authorization_code",
    code,
    redirect_uri: client.redirectUris[0] as string,
    code_verifier: verifier,
  });
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  if (opts.auth === "post") {
    body.set("client_id", client.clientId);
    body.set("client_secret", secret);
  } else {
    const basic = `${encodeURIComponent(client.clientId)}:${encodeURIComponent(secret)}`;
    headers.authorization = `Basic ${Buffer.from(basic).toString("base64")}`;
  }
  return fetch(`${issuer}/token`, { method: "POST", headers, body });
}

/** Full code flow for `email`: login, check the callback, exchange the code, verify the ID token. */
async function signIn(
  target: LocalIdp,
  email: string,
  opts: { auth?: "basic" | "post"; client?: typeof CLIENT } = {},
): Promise<{ tokens: TokenResponse; idToken: JWTPayload; kid: string | undefined }> {
  const client = opts.client ?? CLIENT;
  const request = authRequest(target.issuer, {
    loginHint: email,
    clientId: client.clientId,
    redirectUri: client.redirectUris[0] as string,
  });
  const callback = await driveBrowserlessLogin(request.url, email);
  expect(callback.origin + callback.pathname).toBe(client.redirectUris[0]);
  expect(callback.searchParams.get("error")).toBeNull();
  expect(callback.searchParams.get("state")).toBe(request.state);
  expect(callback.searchParams.get("iss")).toBe(target.issuer);
  const code = callback.searchParams.get("code");
  expect(code).toBeTruthy();

  const response = await exchangeCode(target.issuer, code as string, request.verifier, opts);
  expect(response.status).toBe(200);
  const tokens = (await response.json()) as TokenResponse;
  const jwks = createRemoteJWKSet(new URL(`${target.issuer}/jwks`));
  const { payload, protectedHeader } = await jwtVerify(tokens.id_token, jwks, {
    issuer: target.issuer,
    audience: client.clientId,
    algorithms: ["RS256"],
  });
  expect(payload.nonce).toBe(request.nonce);
  return { tokens, idToken: payload, kid: protectedHeader.kid };
}

async function userinfo(issuer: string, accessToken: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${issuer}/me`, { headers: { authorization: `Bearer ${accessToken}` } });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

describe("local IdP", () => {
  it("publishes discovery for the code flow with PKCE S256, iss in the response and RS256", async () => {
    expect(idp.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${idp.issuer}/.well-known/openid-configuration`);
    const discovery = (await response.json()) as Record<string, unknown>;
    expect(discovery).toMatchObject({
      issuer: idp.issuer,
      response_types_supported: ["code"],
      code_challenge_methods_supported: ["S256"],
      authorization_response_iss_parameter_supported: true,
      id_token_signing_alg_values_supported: ["RS256"],
      userinfo_endpoint: `${idp.issuer}/me`,
    });
    expect(discovery.scopes_supported).toEqual(expect.arrayContaining(["openid", "email", "profile"]));
    expect(discovery.token_endpoint_auth_methods_supported).toEqual(expect.arrayContaining(["client_secret_basic", "client_secret_post"]));
  });

  it("renders an accessible login form prefilled (escaped) from login_hint", async () => {
    const hint = `x"><script>alert(1)</script>@example.com`;
    const jar = new CookieJar();
    const start = new URL(authRequest(idp.issuer, { loginHint: hint }).url);
    const first = await fetch(start, { redirect: "manual" });
    jar.storeFrom(start, first);
    expect(first.status).toBe(303);
    const interaction = new URL(first.headers.get("location") as string, start);
    expect(interaction.pathname).toMatch(/^\/interaction\/[\w-]+$/);

    const page = await fetch(interaction, { headers: { cookie: jar.headerFor(interaction) ?? "" } });
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = await page.text();
    expect(html).toContain(`<title>${LOGIN_PAGE_TITLE}</title>`);
    expect(html).toContain('<label for="email">Email</label>');
    expect(html).toMatch(/<input id="email" name="email" type="email"[^>]*>/);
    expect(html).toContain('value="x&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;@example.com"');
    expect(html).not.toContain("<script>");
    expect(html).toMatch(/<button type="submit" name="action" value="login">Sign in<\/button>/);
    expect(html).toMatch(/<button type="submit" name="action" value="cancel" formnovalidate>Cancel<\/button>/);
  });

  it("signs in case-insensitively and puts email, email_verified and name in a verified ID token", async () => {
    const { tokens, idToken, kid } = await signIn(idp, "ada.LOVELACE@example.COM");
    expect(kid).toBeTruthy();
    expect(idToken.sub).toMatch(/^local-[0-9a-f]{24}$/);
    expect(idToken.email).toBe(ADA.email);
    expect(idToken.email_verified).toBe(true);
    expect(idToken.name).toBe(ADA.name);
    expect(idToken.aud).toBe(CLIENT.clientId);

    const info = await userinfo(idp.issuer, tokens.access_token);
    expect(info).toMatchObject({ sub: idToken.sub, email: ADA.email, email_verified: true });
  });

  it("gives the same default sub on every login and uses a configured sub", async () => {
    const [first, second] = [await signIn(idp, ADA.email), await signIn(idp, ADA.email)];
    expect(first.idToken.sub).toBe(second.idToken.sub);

    const alan = await signIn(idp, ALAN.email);
    expect(alan.idToken.sub).toBe(ALAN.sub);
    expect(alan.idToken.email).toBe(ALAN.email);
    expect(alan.idToken).not.toHaveProperty("email_verified");
  });

  it("keeps email out of the ID token for emailOnlyInUserinfo accounts; userinfo has it", async () => {
    const { tokens, idToken } = await signIn(idp, GRACE.email, { auth: "post" });
    expect(idToken).not.toHaveProperty("email");
    expect(idToken).not.toHaveProperty("email_verified");

    const info = await userinfo(idp.issuer, tokens.access_token);
    expect(info).toMatchObject({ sub: idToken.sub, email: GRACE.email, email_verified: false });
  });

  it("refuses an authorization request without PKCE", async () => {
    const request = authRequest(idp.issuer, { pkce: false });
    const response = await fetch(request.url, { redirect: "manual" });
    expect(response.status).toBe(303);
    const callback = new URL(response.headers.get("location") as string);
    expect(callback.origin + callback.pathname).toBe(REDIRECT_URI);
    expect(callback.searchParams.get("error")).toBe("invalid_request");
    expect(callback.searchParams.get("error_description")).toMatch(/PKCE/);
    expect(callback.searchParams.get("code")).toBeNull();
    expect(callback.searchParams.get("state")).toBe(request.state);
  });

  it("rejects a code exchange with a wrong code_verifier or a wrong client secret", async () => {
    const request = authRequest(idp.issuer);
    const callback = await driveBrowserlessLogin(request.url, ADA.email);
    const code = callback.searchParams.get("code") as string;

    const wrongSecret = await exchangeCode(idp.issuer, code, request.verifier, { secret: "nope" });
    expect(wrongSecret.status).toBe(401);
    expect(await wrongSecret.json()).toMatchObject({ error: "invalid_client" });

    const wrongVerifier = await exchangeCode(idp.issuer, code, randomBytes(32).toString("base64url"));
    expect(wrongVerifier.status).toBe(400);
    expect(await wrongVerifier.json()).toMatchObject({ error: "invalid_grant" });
  });

  it("sends error=access_denied with state and iss when the user cancels", async () => {
    const request = authRequest(idp.issuer, { loginHint: ADA.email });
    const callback = await driveBrowserlessLogin(request.url, ADA.email, { cancel: true });
    expect(callback.origin + callback.pathname).toBe(REDIRECT_URI);
    expect(callback.searchParams.get("error")).toBe("access_denied");
    expect(callback.searchParams.get("code")).toBeNull();
    expect(callback.searchParams.get("state")).toBe(request.state);
    expect(callback.searchParams.get("iss")).toBe(idp.issuer);
  });

  it('re-renders the form with "No such account" for an unknown email', async () => {
    const request = authRequest(idp.issuer);
    const error = await driveBrowserlessLogin(request.url, "nobody@example.com").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LocalIdpLoginPageError);
    const pageError = error as LocalIdpLoginPageError;
    expect(pageError.status).toBe(200);
    expect(pageError.message).toContain(NO_SUCH_ACCOUNT);
    expect(pageError.html).toContain(`<title>${LOGIN_PAGE_TITLE}</title>`);
    expect(pageError.html).toContain(`<p class="error" id="email-error" role="alert">${NO_SUCH_ACCOUNT}</p>`);
    expect(pageError.html).toContain('value="nobody@example.com" aria-invalid="true"');
  });

  it("counts back-channel requests by endpoint, not browser requests", async () => {
    idp.resetCounts();
    expect(idp.backChannelCounts()).toEqual({ discovery: 0, jwks: 0, token: 0, userinfo: 0, total: 0 });

    await (await fetch(`${idp.issuer}/.well-known/openid-configuration`)).body?.cancel();
    const { tokens } = await signIn(idp, ADA.email); // front channel + 1 token + 1 jwks (jose)
    expect(idp.backChannelCounts()).toEqual({ discovery: 1, jwks: 1, token: 1, userinfo: 0, total: 3 });

    await userinfo(idp.issuer, tokens.access_token);
    expect(idp.backChannelCounts()).toEqual({ discovery: 1, jwks: 1, token: 1, userinfo: 1, total: 4 });

    idp.resetCounts();
    expect(idp.backChannelCounts().total).toBe(0);
  });

  it("accepts clients and accounts added after start", async () => {
    const late = {
      clientId: "late-client",
      clientSecret: "late-secret",
      redirectUris: ["http://127.0.0.1:9/late/callback"],
    };
    const request = authRequest(idp.issuer, { clientId: late.clientId, redirectUri: late.redirectUris[0] });
    const unknownClient = await fetch(request.url, { redirect: "manual" });
    expect(unknownClient.status).toBe(400); // unknown client: error page, no redirect

    idp.addClient(late);
    idp.addAccount({ email: "newcomer@example.com", name: "New" });
    idp.addAccount({ email: "ADA.LOVELACE@example.com", name: "Ada Renamed", emailVerified: true });
    const newcomer = await signIn(idp, "newcomer@example.com", { client: late });
    expect(newcomer.idToken).toMatchObject({ email: "newcomer@example.com", name: "New", aud: late.clientId });
    const renamed = await signIn(idp, ADA.email, { client: late });
    expect(renamed.idToken).toMatchObject({ email: "ADA.LOVELACE@example.com", name: "Ada Renamed" });
    idp.addAccount(ADA);
  });
});

describe("key rotation", () => {
  it("signs with a new kid after rotateKeys and keeps the old public key in the JWKS", async () => {
    const rotating = await startIdp();
    const before = await signIn(rotating, ADA.email);
    const oldKid = before.kid as string;

    await rotating.rotateKeys();
    const jwks = (await (await fetch(`${rotating.issuer}/jwks`)).json()) as { keys: Record<string, unknown>[] };
    const kids = jwks.keys.map((key) => key.kid);
    expect(kids).toHaveLength(2);
    expect(kids).toContain(oldKid);
    for (const key of jwks.keys) {
      expect(key).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig" });
      expect(key).not.toHaveProperty("d");
    }

    const after = await signIn(rotating, ADA.email); // verifies against the published JWKS
    expect(after.kid).toBeTruthy();
    expect(after.kid).not.toBe(oldKid);
    expect(kids).toContain(after.kid);
    expect(decodeProtectedHeader(after.tokens.id_token).alg).toBe("RS256");
    expect(decodeJwt(after.tokens.id_token).sub).toBe(before.idToken.sub);

    // A token signed before the rotation still verifies against the new JWKS.
    const fresh = createRemoteJWKSet(new URL(`${rotating.issuer}/jwks`));
    await expect(jwtVerify(before.tokens.id_token, fresh, { issuer: rotating.issuer })).resolves.toBeTruthy();
  });
});
