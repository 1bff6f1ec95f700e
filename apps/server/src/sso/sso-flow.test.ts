import { driveBrowserlessLogin, type LocalIdp } from "@jams/local-idp";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  beginSso,
  CLIENT_SECRET,
  finishSso,
  handoffCodeOf,
  redeemSso,
  saveSso,
  ssoErrorOf,
  ssoTenant,
  startIdpFor,
} from "../test-support/sso-harness.ts";
import { createTestApp, DEFAULT_PASSWORD, signUpWorkspace, type TestApp } from "../test-support/test-app.ts";

let t: TestApp;
let idp: LocalIdp;

beforeEach(async () => {
  t = await createTestApp();
  idp = await startIdpFor(t, [
    { email: "Kevin.Casey@Example.com", emailVerified: true },
    { email: "admin@acme.com" },
    { email: "userinfo-only@acme.com", emailOnlyInUserinfo: true, emailVerified: true },
    { email: "unverified@acme.com", emailVerified: false },
    { email: "stranger@acme.com" },
    { email: "bob@globex.com" },
  ]);
});
afterEach(async () => {
  await idp.close();
  await t.close();
});

async function invite(adminToken: string, email: string) {
  const answer = await t.mutate("team.invite", { email, role: "member" }, adminToken);
  if (answer.status !== 200) throw new Error(JSON.stringify(answer.error));
}

/** start → the IdP's login page → callback: the browser's redirect and the binder cookie it got. */
async function finishThroughIdp(email: string, idpEmail = email) {
  const start = await beginSso(t, email);
  const callbackUrl = await driveBrowserlessLogin(start.location.toString(), idpEmail);
  return finishSso(t, callbackUrl, start.cookie);
}

/** Where the browser ends up after start → IdP → callback. */
async function signInThroughIdp(email: string, idpEmail = email) {
  return (await finishThroughIdp(email, idpEmail)).location;
}

const userRow = (email: string) => t.user(email);

describe("SSO sign-in against a real OpenID Provider", () => {
  it("signs in an invited user whose IdP email differs only in ASCII case, and activates them", async () => {
    const admin = await ssoTenant(t, idp);
    await invite(admin, "kevin.casey@example.com");
    const done = await finishThroughIdp("kevin.casey@example.com", "Kevin.Casey@Example.com");
    expect(done.location.pathname).toBe("/login/sso");
    expect(done.location.search).toBe("");
    const redeemed = await redeemSso(t, done);
    const me = await t.query<{ user: { email: string }; method: string }>("auth.me", undefined, redeemed.data.token);
    expect(me.data).toMatchObject({ user: { email: "kevin.casey@example.com" }, method: "sso" });
    expect(await userRow("kevin.casey@example.com")).toMatchObject({ status: "active", lastSignInMethod: "sso" });
  });

  it("hands the session over once: a redeemed handoff code cannot be used again", async () => {
    await ssoTenant(t, idp);
    const done = await finishThroughIdp("admin@acme.com");
    expect((await redeemSso(t, done)).status).toBe(200);
    expect((await redeemSso(t, done)).status).toBe(401);
  });

  it("hands the session only to the browser that finished the sign-in (login CSRF through a lured code)", async () => {
    await ssoTenant(t, idp);
    const done = await finishThroughIdp("admin@acme.com");
    const code = handoffCodeOf(done.location);
    expect((await t.mutate("auth.redeemSsoHandoff", { code })).status).toBe(401);
    expect((await t.mutate("auth.redeemSsoHandoff", { code }, undefined, "jams_sso_binder=forged")).status).toBe(401);
    expect(done.binder).toMatch(/^jams_sso_binder=/);
    expect(done.response.headers.getSetCookie().join()).toMatch(
      /jams_sso_binder=[^;]+; Max-Age=60; Path=\/trpc; HttpOnly; SameSite=Strict/,
    );
    expect((await redeemSso(t, done)).status).toBe(200);
  });

  it("refuses an expired handoff code", async () => {
    await ssoTenant(t, idp);
    const done = await finishThroughIdp("admin@acme.com");
    await t.sql("update sso_handoffs set expires_at = ?", Date.now() - 1);
    expect((await redeemSso(t, done)).status).toBe(401);
  });

  it("reads the email from userinfo when the ID token lacks it", async () => {
    const admin = await ssoTenant(t, idp);
    await invite(admin, "userinfo-only@acme.com");
    const location = await signInThroughIdp("userinfo-only@acme.com");
    expect(handoffCodeOf(location)).toBeTruthy();
  });

  it("costs the IdP one back-channel request per steady-state sign-in (two when the email is only in userinfo)", async () => {
    const admin = await ssoTenant(t, idp);
    await invite(admin, "userinfo-only@acme.com");
    await signInThroughIdp("admin@acme.com");
    idp.resetCounts();
    await signInThroughIdp("admin@acme.com");
    expect(idp.backChannelCounts()).toEqual({ discovery: 0, jwks: 0, token: 1, userinfo: 0, total: 1 });
    idp.resetCounts();
    await signInThroughIdp("userinfo-only@acme.com");
    expect(idp.backChannelCounts()).toEqual({ discovery: 0, jwks: 0, token: 1, userinfo: 1, total: 2 });
  });

  it("returns to a same-origin path only", async () => {
    await ssoTenant(t, idp);
    for (const [returnTo, expected] of [
      ["/team?tab=1", "/team?tab=1"],
      ["//evil.example/x", null],
      ["https://evil.example/", null],
      ["/\\evil.example", null],
    ] as const) {
      const start = await beginSso(t, "admin@acme.com", returnTo);
      const location = (await finishSso(t, await driveBrowserlessLogin(start.location.toString(), "admin@acme.com"), start.cookie))
        .location;
      expect(new URLSearchParams(location.hash.slice(1)).get("returnTo")).toBe(expected);
      expect(location.origin).toBe(t.config.publicUrl);
    }
  });

  it("marks both SSO routes no-store and no-referrer, and keeps the PKCE verifier out of the URL", async () => {
    await ssoTenant(t, idp);
    const start = await beginSso(t, "admin@acme.com");
    expect(start.response.status).toBe(302);
    expect(start.response.headers.get("cache-control")).toBe("no-store");
    expect(start.response.headers.get("referrer-policy")).toBe("no-referrer");
    expect(start.cookie).toMatch(/^jams_sso_tx=/);
    expect(start.response.headers.get("set-cookie")).toMatch(/HttpOnly/i);
    expect(start.response.headers.get("set-cookie")).toMatch(/SameSite=Lax/i);
    const params = start.location.searchParams;
    expect(params.get("code_challenge_method")).toBe("S256");
    expect(params.get("login_hint")).toBe("admin@acme.com");
    expect(params.get("nonce")).toBeTruthy();
    expect(params.has("code_verifier")).toBe(false);
    const callback = await finishSso(t, await driveBrowserlessLogin(start.location.toString(), "admin@acme.com"), start.cookie);
    expect(callback.response.headers.get("cache-control")).toBe("no-store");
    expect(callback.response.headers.get("referrer-policy")).toBe("no-referrer");
  });
});

describe("SSO failures redirect to /login?sso_error=<code>, each from its real cause", () => {
  it("user_not_provisioned: the IdP's user was never invited (no JIT account is created)", async () => {
    await ssoTenant(t, idp);
    const usersBefore = (await t.sql("select id from users")).length;
    const location = await signInThroughIdp("admin@acme.com", "stranger@acme.com");
    expect(location.pathname).toBe("/login");
    expect(ssoErrorOf(location)).toBe("user_not_provisioned");
    expect(await t.sql("select id from users")).toHaveLength(usersBefore);
    expect(await t.sql("select * from sso_handoffs")).toHaveLength(0);
  });

  it("user_not_provisioned: a tenant's IdP cannot sign anyone into another tenant", async () => {
    await ssoTenant(t, idp);
    await signUpWorkspace(t, "bob@globex.com", "Globex");
    const location = await signInThroughIdp("admin@acme.com", "bob@globex.com");
    expect(ssoErrorOf(location)).toBe("user_not_provisioned");
    expect((await userRow("bob@globex.com"))?.lastSignInMethod).toBeNull();
  });

  it("account_disabled: the user was deactivated", async () => {
    const admin = await ssoTenant(t, idp);
    await invite(admin, "kevin.casey@example.com");
    const kevin = await userRow("kevin.casey@example.com");
    await t.mutate("team.deactivate", { userId: kevin?.id }, admin);
    expect(ssoErrorOf(await signInThroughIdp("kevin.casey@example.com", "Kevin.Casey@Example.com"))).toBe("account_disabled");
  });

  it("sso_idp_rejected: the saved client secret is wrong", async () => {
    const admin = await signUpWorkspace(t, "admin@acme.com");
    await saveSso(t, admin, idp, { clientSecret: "not-the-secret" });
    expect(ssoErrorOf(await signInThroughIdp("admin@acme.com"))).toBe("sso_idp_rejected");
  });

  it("sso_email_unverified: the IdP says email_verified is false", async () => {
    const admin = await ssoTenant(t, idp);
    await invite(admin, "unverified@acme.com");
    expect(ssoErrorOf(await signInThroughIdp("unverified@acme.com"))).toBe("sso_email_unverified");
    expect((await userRow("unverified@acme.com"))?.status).toBe("invited");
  });

  it("sso_idp_error: the user cancelled at the IdP", async () => {
    await ssoTenant(t, idp);
    const start = await beginSso(t, "admin@acme.com");
    const callbackUrl = await driveBrowserlessLogin(start.location.toString(), "admin@acme.com", { cancel: true });
    expect(callbackUrl.searchParams.get("error")).toBe("access_denied");
    expect(ssoErrorOf((await finishSso(t, callbackUrl, start.cookie)).location)).toBe("sso_idp_error");
  });

  it("sso_state_invalid: replayed callback, missing cookie, forged state, tampered cookie", async () => {
    await ssoTenant(t, idp);
    const start = await beginSso(t, "admin@acme.com");
    const callbackUrl = await driveBrowserlessLogin(start.location.toString(), "admin@acme.com");
    expect(handoffCodeOf((await finishSso(t, callbackUrl, start.cookie)).location)).toBeTruthy();
    expect(ssoErrorOf((await finishSso(t, callbackUrl, start.cookie)).location)).toBe("sso_state_invalid");

    const second = await beginSso(t, "admin@acme.com");
    const secondCallback = await driveBrowserlessLogin(second.location.toString(), "admin@acme.com");
    expect(ssoErrorOf((await finishSso(t, secondCallback, "")).location)).toBe("sso_state_invalid");
    const forged = new URL(secondCallback);
    forged.searchParams.set("state", "forged-state");
    expect(ssoErrorOf((await finishSso(t, forged, second.cookie)).location)).toBe("sso_state_invalid");
    const tampered = `${second.cookie.slice(0, -4)}AAAA`;
    expect(ssoErrorOf((await finishSso(t, secondCallback, tampered)).location)).toBe("sso_state_invalid");
    expect(await t.sql("select * from sso_handoffs")).toHaveLength(1);
  });

  it("sso_not_configured: SSO was removed while the user was at the IdP, or never set up", async () => {
    const admin = await ssoTenant(t, idp);
    const start = await beginSso(t, "admin@acme.com");
    const callbackUrl = await driveBrowserlessLogin(start.location.toString(), "admin@acme.com");
    await t.mutate("sso.remove", undefined, admin);
    expect(ssoErrorOf((await finishSso(t, callbackUrl, start.cookie)).location)).toBe("sso_not_configured");
    expect(ssoErrorOf((await beginSso(t, "admin@acme.com")).location)).toBe("sso_not_configured");
    expect(ssoErrorOf((await beginSso(t, "nobody@nowhere.com")).location)).toBe("sso_not_configured");
  });

  it("sso_token_invalid: the authorization response names another issuer (RFC 9207)", async () => {
    await ssoTenant(t, idp);
    const start = await beginSso(t, "admin@acme.com");
    const callbackUrl = await driveBrowserlessLogin(start.location.toString(), "admin@acme.com");
    expect(callbackUrl.searchParams.get("iss")).toBe(idp.issuer);
    callbackUrl.searchParams.set("iss", "https://attacker.example");
    expect(ssoErrorOf((await finishSso(t, callbackUrl, start.cookie)).location)).toBe("sso_token_invalid");
  });

  it("sso_idp_unavailable: the IdP went away before the code exchange", async () => {
    await ssoTenant(t, idp);
    const start = await beginSso(t, "admin@acme.com");
    const callbackUrl = await driveBrowserlessLogin(start.location.toString(), "admin@acme.com");
    await idp.close();
    expect(ssoErrorOf((await finishSso(t, callbackUrl, start.cookie)).location)).toBe("sso_idp_unavailable");
  });
});

describe("secrets stay secret", () => {
  it("the client secret, handoff code, authorization code and state never reach a log line or a tRPC answer", async () => {
    const admin = await ssoTenant(t, idp);
    const start = await beginSso(t, "admin@acme.com");
    const callbackUrl = await driveBrowserlessLogin(start.location.toString(), "admin@acme.com");
    const done = await finishSso(t, callbackUrl, start.cookie);
    const handoff = handoffCodeOf(done.location) as string;
    const redeemed = await redeemSso(t, done);
    const settings = await t.query("sso.get", undefined, admin);
    const failedSave = await t.mutate(
      "sso.save",
      { displayName: "x", issuer: "http://127.0.0.1:1", clientId: "c", clientSecret: CLIENT_SECRET },
      admin,
    );
    const everything = [...t.logs, JSON.stringify(settings), JSON.stringify(failedSave)].join("\n");
    for (const secret of [
      CLIENT_SECRET,
      handoff,
      callbackUrl.searchParams.get("code"),
      start.location.searchParams.get("state"),
      redeemed.data.token,
    ]) {
      expect(secret).toBeTruthy();
      expect(everything).not.toContain(secret);
    }
    expect(t.logs.some((line) => line.includes('"path":"/auth/sso/callback"'))).toBe(true);
  });

  it("password login still works for a tenant whose SSO is configured but not enforced", async () => {
    await ssoTenant(t, idp);
    const answer = await t.mutate("auth.passwordLogin", { email: "admin@acme.com", password: DEFAULT_PASSWORD });
    expect(answer.status).toBe(200);
  });
});
