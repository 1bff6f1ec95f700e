import { createServer, type Server } from "node:http";
import { driveBrowserlessLogin, type LocalIdp } from "@jams/local-idp";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { startHostileIdp } from "../../test-support/hostile-idp.ts";
import {
  attemptSsoViaAutoIdp,
  beginSso,
  CLIENT_ID,
  CLIENT_SECRET,
  finishSso,
  handoffCodeOf,
  OWN_NAVIGATION,
  redeemSso,
  saveSso,
  ssoErrorOf,
  ssoTenant,
  startIdpFor,
} from "../../test-support/sso-harness.ts";
import {
  createTestApp,
  DEFAULT_PASSWORD,
  inviteAndAccept,
  signUpWorkspace,
  TEST_RATE_LIMITS,
  type TestApp,
} from "../../test-support/test-app.ts";

let t: TestApp;
let idp: LocalIdp;
beforeEach(async () => {
  t = await createTestApp();
  idp = await startIdpFor(t, [{ email: "admin@acme.com" }, { email: "mo@acme.com" }]);
});
afterEach(async () => {
  vi.useRealTimers();
  await idp.close();
  await t.close();
});

const storedConfigs = () =>
  t.sql<{ enforce: boolean | number; clientSecretSealed: string | null; clientSecretKeyId: string | null }>(
    `select enforce, client_secret_sealed as "clientSecretSealed", client_secret_key_id as "clientSecretKeyId" from sso_configs order by tenant_id`,
  );

async function ssoSessionFor(email: string): Promise<string> {
  const start = await beginSso(t, email);
  const done = await finishSso(t, await driveBrowserlessLogin(start.location.toString(), email), start.cookie);
  const redeemed = await redeemSso(t, done);
  return redeemed.data.token;
}

/** A local HTTP server answering every request with `respond` (for issuers that misbehave). */
async function fakeIssuer(
  respond: (url: string, res: import("node:http").ServerResponse) => void,
): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => respond(req.url ?? "/", res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address() as { port: number };
  return { url: `http://127.0.0.1:${address.port}`, server };
}

describe("sso.save", () => {
  it("accepts an issuer pasted with /.well-known/openid-configuration and never returns the secret", async () => {
    const admin = await signUpWorkspace(t, "admin@acme.com");
    const saved = await saveSso(t, admin, idp, { issuer: ` ${idp.issuer}/.well-known/openid-configuration ` });
    expect(saved.status).toBe(200);
    expect(saved.data.config).toMatchObject({ issuer: idp.issuer, enforce: false, hasClientSecret: true });
    const settings = await t.query<{ redirectUri: string }>("sso.get", undefined, admin);
    expect(settings.data.redirectUri).toBe("http://localhost:3000/auth/sso/callback");
    expect(JSON.stringify(settings)).not.toContain(CLIENT_SECRET);
  });

  it("stores the secret as AES-GCM ciphertext with a key id", async () => {
    const admin = await signUpWorkspace(t, "admin@acme.com");
    await saveSso(t, admin, idp);
    const [row] = await storedConfigs();
    expect(row?.clientSecretSealed).toBeTruthy();
    expect(row?.clientSecretSealed).not.toContain(CLIENT_SECRET);
    expect(Buffer.from(row?.clientSecretSealed ?? "", "base64url").toString("utf8")).not.toContain(CLIENT_SECRET);
    expect(row?.clientSecretKeyId).toBe(t.config.ssoEncryptionKeys.currentKeyId);
  });

  it("keeps the saved secret when the field is left empty on edit", async () => {
    const admin = await ssoTenant(t, idp);
    const edited = await saveSso(t, admin, idp, { displayName: "Renamed IdP", clientSecret: "" });
    expect(edited.status).toBe(200);
    expect(await t.query("auth.lookup", { email: "admin@acme.com" })).toMatchObject({ data: { sso: { name: "Renamed IdP" } } });
    expect(await ssoSessionFor("admin@acme.com")).toBeTruthy();
  });

  it.each([
    ["another issuer", "issuer"],
    ["another client id", "clientId"],
  ])("needs the secret again for %s: the saved one never reaches another IdP", async (_name, field) => {
    const admin = await ssoTenant(t, idp);
    const other = await startHostileIdp(CLIENT_ID);
    try {
      const change = field === "issuer" ? { issuer: other.issuer } : { clientId: "another-client" };
      const answer = await saveSso(t, admin, idp, { ...change, clientSecret: "" });
      expect(answer.status).toBe(400);
      expect(answer.error?.data.fieldErrors?.clientSecret?.[0]).toMatch(/Enter the Client Secret again/);
      expect(await t.sql("select issuer, client_id from sso_configs")).toEqual([{ issuer: idp.issuer, client_id: CLIENT_ID }]);
    } finally {
      await other.close();
    }
  });

  it("binds the sealed secret to its issuer: a row pointed elsewhere behind the form's back sends the secret nowhere", async () => {
    await ssoTenant(t, idp);
    const other = await startHostileIdp(CLIENT_ID);
    try {
      await t.sql("update sso_configs set issuer = ?", other.issuer);
      const { location } = await attemptSsoViaAutoIdp(t, "admin@acme.com");
      expect(ssoErrorOf(location)).toBe("sso_idp_rejected");
      expect(other.countOf("/token")).toBe(0);
    } finally {
      await other.close();
    }
  });

  it("limits how often a tenant saves (each save makes the server fetch the issuer's discovery document)", async () => {
    await t.close();
    t = await createTestApp({ rateLimits: { ...TEST_RATE_LIMITS, outboundChecksPerTenant: { limit: 2, windowMs: 600_000 } } });
    await idp.close();
    idp = await startIdpFor(t, [{ email: "admin@acme.com" }]);
    const admin = await signUpWorkspace(t, "admin@acme.com");
    const statuses = [];
    for (let attempt = 0; attempt < 3; attempt++) statuses.push((await saveSso(t, admin, idp)).status);
    expect(statuses).toEqual([200, 200, 429]);
    expect(idp.backChannelCounts().discovery).toBe(2);
  });

  it("needs a secret the first time", async () => {
    const admin = await signUpWorkspace(t, "admin@acme.com");
    const answer = await saveSso(t, admin, idp, { clientSecret: "" });
    expect(answer.error?.data.fieldErrors?.clientSecret?.[0]).toMatch(/Client Secret/);
    expect(await storedConfigs()).toHaveLength(0);
  });

  it("refuses an issuer whose discovery names another issuer (localhost is not 127.0.0.1)", async () => {
    const admin = await signUpWorkspace(t, "admin@acme.com");
    const answer = await saveSso(t, admin, idp, { issuer: idp.issuer.replace("127.0.0.1", "localhost") });
    expect(answer.status).toBe(400);
    expect(answer.error?.data.fieldErrors?.issuer?.[0]).toContain(idp.issuer);
    expect(await storedConfigs()).toHaveLength(0);
  });

  it("refuses unreachable, non-OIDC, slow and malformed issuers with an issuer field error and stores nothing", async () => {
    const admin = await signUpWorkspace(t, "admin@acme.com");
    const notOidc = await fakeIssuer((_url, res) => res.writeHead(404).end("not here"));
    const noCodeFlow = await fakeIssuer((_url, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          issuer: noCodeFlow.url,
          authorization_endpoint: `${noCodeFlow.url}/a`,
          jwks_uri: `${noCodeFlow.url}/j`,
          response_types_supported: ["id_token"],
        }),
      );
    });
    try {
      for (const issuer of ["not a url", "http://127.0.0.1:1", notOidc.url, noCodeFlow.url]) {
        const answer = await saveSso(t, admin, idp, { issuer });
        expect(answer.status, issuer).toBe(400);
        expect(answer.error?.data.fieldErrors?.issuer?.[0], issuer).toBeTruthy();
      }
      expect(await storedConfigs()).toHaveLength(0);
    } finally {
      notOidc.server.close();
      noCodeFlow.server.close();
    }
  });

  it("gives up on an issuer that does not answer within 5 seconds", async () => {
    const admin = await signUpWorkspace(t, "admin@acme.com");
    const silent = await fakeIssuer(() => undefined);
    try {
      const answer = await saveSso(t, admin, idp, { issuer: silent.url });
      expect(answer.error?.data.fieldErrors?.issuer?.[0]).toMatch(/couldn't load/);
      expect(await storedConfigs()).toHaveLength(0);
    } finally {
      silent.server.closeAllConnections();
      silent.server.close();
    }
  }, 15_000);

  it("refuses http and loopback issuers unless insecure issuers are allowed", async () => {
    const strict = await createTestApp({ allowInsecureIssuers: false });
    try {
      const admin = await signUpWorkspace(strict, "admin@acme.com");
      const answer = await strict.mutate(
        "sso.save",
        { displayName: "x", issuer: idp.issuer, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
        admin,
      );
      expect(answer.error?.data.fieldErrors?.issuer?.[0]).toMatch(/couldn't load/);
      expect(idp.backChannelCounts().discovery).toBe(0);
    } finally {
      await strict.close();
    }
  });
});

describe("Enforce SSO", () => {
  it("is refused under a password session and accepted under an SSO session", async () => {
    const adminByPassword = await ssoTenant(t, idp);
    const refused = await t.mutate("sso.setEnforced", { enforce: true }, adminByPassword);
    expect(refused.status).toBe(403);
    expect(refused.error?.data.reason).toBe("sso_test_required");
    expect(Boolean((await storedConfigs())[0]?.enforce)).toBe(false);
    const adminBySso = await ssoSessionFor("admin@acme.com");
    const accepted = await t.mutate<{ config: { enforce: boolean } }>("sso.setEnforced", { enforce: true }, adminBySso);
    expect(accepted.data.config.enforce).toBe(true);
  });

  it("rejects password login for everyone in the tenant while on, and restores it when off", async () => {
    await ssoTenant(t, idp);
    const adminBySso = await ssoSessionFor("admin@acme.com");
    await t.mutate("sso.setEnforced", { enforce: true }, adminBySso);
    const refused = await t.mutate("auth.passwordLogin", { email: "admin@acme.com", password: DEFAULT_PASSWORD });
    expect(refused.status).toBe(403);
    expect(refused.error?.data.reason).toBe("sso_required");
    expect((await t.query("auth.lookup", { email: "ADMIN@acme.com" })).data).toEqual({ password: false, sso: { name: "Local IdP" } });
    await t.mutate("sso.setEnforced", { enforce: false }, adminBySso);
    expect((await t.mutate("auth.passwordLogin", { email: "admin@acme.com", password: DEFAULT_PASSWORD })).status).toBe(200);
  });

  it("ends the tenant's password sessions when it turns on (an old password session cannot switch it off later)", async () => {
    const adminByPassword = await ssoTenant(t, idp);
    const { token: memberByPassword } = await inviteAndAccept(t, adminByPassword, "mo@acme.com");
    const outsider = await signUpWorkspace(t, "bob@globex.com", "Globex");
    const adminBySso = await ssoSessionFor("admin@acme.com");
    await t.mutate("sso.setEnforced", { enforce: true }, adminBySso);
    expect((await t.query("auth.me", undefined, adminByPassword)).status).toBe(401);
    expect((await t.query("auth.me", undefined, memberByPassword)).status).toBe(401);
    expect((await t.mutate("sso.setEnforced", { enforce: false }, adminByPassword)).status).toBe(401);
    expect((await t.query("auth.me", undefined, adminBySso)).status).toBe(200);
    expect((await t.query("auth.me", undefined, outsider)).status).toBe(200);
  });

  it("while on, changing, removing or switching it off needs an SSO sign-in within the hour", async () => {
    await ssoTenant(t, idp);
    const adminBySso = await ssoSessionFor("admin@acme.com");
    await t.mutate("sso.setEnforced", { enforce: true }, adminBySso);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 61 * 60_000);
    const attempts = [
      await t.mutate("sso.setEnforced", { enforce: false }, adminBySso),
      await t.mutate("sso.remove", undefined, adminBySso),
      await saveSso(t, adminBySso, idp, { displayName: "Renamed" }),
    ];
    expect(attempts.map((attempt) => [attempt.status, attempt.error?.data.reason])).toEqual([
      [403, "sso_reauthentication_required"],
      [403, "sso_reauthentication_required"],
      [403, "sso_reauthentication_required"],
    ]);
    expect(await storedConfigs()).toMatchObject([{ enforce: t.store.dialect === "sqlite" ? 1 : true }]);
    const fresh = await ssoSessionFor("admin@acme.com");
    expect((await t.mutate("sso.setEnforced", { enforce: false }, fresh)).status).toBe(200);
  });

  it("does not touch another tenant", async () => {
    await ssoTenant(t, idp);
    await signUpWorkspace(t, "bob@globex.com", "Globex");
    const adminBySso = await ssoSessionFor("admin@acme.com");
    await t.mutate("sso.setEnforced", { enforce: true }, adminBySso);
    expect((await t.mutate("auth.passwordLogin", { email: "bob@globex.com", password: DEFAULT_PASSWORD })).status).toBe(200);
  });

  it.each([
    ["the config is pointed at another client", { clientId: "another-client" }],
    ["the client secret changes", { clientSecret: "a-rotated-secret" }],
  ])("turns off when %s", async (_change, change) => {
    await ssoTenant(t, idp);
    const adminBySso = await ssoSessionFor("admin@acme.com");
    await t.mutate("sso.setEnforced", { enforce: true }, adminBySso);
    const saved = await saveSso(t, adminBySso, idp, change);
    expect(saved.data).toMatchObject({ config: { enforce: false }, isEnforcementReset: true });
  });

  it("Remove SSO deletes the config, ends enforcement and restores password login", async () => {
    await ssoTenant(t, idp);
    const adminBySso = await ssoSessionFor("admin@acme.com");
    await t.mutate("sso.setEnforced", { enforce: true }, adminBySso);
    const removed = await t.mutate<{ config: null }>("sso.remove", undefined, adminBySso);
    expect(removed.data.config).toBeNull();
    expect(await storedConfigs()).toHaveLength(0);
    expect((await t.query("auth.lookup", { email: "admin@acme.com" })).data).toEqual({ password: true, sso: null });
    expect((await t.mutate("auth.passwordLogin", { email: "admin@acme.com", password: DEFAULT_PASSWORD })).status).toBe(200);
  });

  it("sends an invitee of an enforced tenant to the IdP without asking a password", async () => {
    await ssoTenant(t, idp);
    const adminBySso = await ssoSessionFor("admin@acme.com");
    await t.mutate("sso.setEnforced", { enforce: true }, adminBySso);
    const invite = await t.mutate<{ inviteUrl: string }>("team.invite", { email: "mo@acme.com", role: "member" }, adminBySso);
    const token = new URL(invite.data.inviteUrl).pathname.split("/").pop();
    expect((await t.query("invites.get", { token })).data).toMatchObject({ ssoEnforced: true, ssoName: "Local IdP" });
    const accepted = await t.mutate<{ ssoStartUrl: string }>("invites.accept", { token, name: "Mo" });
    expect(accepted.data.ssoStartUrl).toBe("/auth/sso/start?email=mo%40acme.com");
    const location = await (async () => {
      const start = await t.app.request(accepted.data.ssoStartUrl, { headers: OWN_NAVIGATION });
      const cookie = start.headers.get("set-cookie")?.split(";")[0] ?? "";
      const callback = await driveBrowserlessLogin(start.headers.get("location") ?? "", "mo@acme.com");
      return (await finishSso(t, callback, cookie)).location;
    })();
    expect(handoffCodeOf(location)).toBeTruthy();
    const mo = await t.user("mo@acme.com");
    expect(mo).toMatchObject({ name: "Mo", status: "active", passwordHash: null });
  });
});
