import { driveBrowserlessLogin, type LocalIdp } from "@jams/local-idp";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createServedTestApp, type ServedTestApp } from "../test-support/served-test-app.ts";
import { beginSso, finishSso, redeemSso, ssoTenant, startIdpFor } from "../test-support/sso-harness.ts";
import { inviteAndAccept } from "../test-support/test-app.ts";

let t: ServedTestApp;
let idp: LocalIdp;
beforeEach(async () => {
  t = await createServedTestApp();
  idp = await startIdpFor(t, [{ email: "admin@acme.com" }, { email: "mo@acme.com" }]);
});
afterEach(async () => {
  await idp.close();
  await t.close();
});

/** A whole SSO sign-in through the real local IdP (its own IdP session each time), ending with a session token. */
async function ssoSession(email: string): Promise<string> {
  const start = await beginSso(t, email);
  const done = await finishSso(t, await driveBrowserlessLogin(start.location.toString(), email), start.cookie);
  return (await redeemSso(t, done)).data.token;
}

const meStatus = async (token: string) => (await t.query("auth.me", undefined, token)).status;

describe("OpenID Connect Back-Channel Logout from the real local IdP", () => {
  it("ends the user's SSO sessions when the IdP signs them out, and no one else's", async () => {
    const admin = await ssoTenant(t, idp);
    await inviteAndAccept(t, admin, "mo@acme.com");
    const mo = await ssoSession("mo@acme.com");
    const moAgain = await ssoSession("mo@acme.com");
    const adminViaSso = await ssoSession("admin@acme.com");
    expect([await meStatus(mo), await meStatus(moAgain)]).toEqual([200, 200]);

    expect(await idp.signOut("mo@acme.com")).toBe(2);

    expect([await meStatus(mo), await meStatus(moAgain)]).toEqual([401, 401]);
    expect([await meStatus(admin), await meStatus(adminViaSso)]).toEqual([200, 200]);
    const events = await t.query<{ events: Array<{ type: string; actorLabel: string; details: { sessions: number } }> }>(
      "audit.list",
      undefined,
      admin,
    );
    const logouts = events.data.events.filter((event) => event.type === "session.backchannel_logout");
    expect(logouts.map((event) => [event.actorLabel, event.details.sessions])).toEqual([
      ["IdP", 1],
      ["IdP", 1],
    ]);
  });

  it("carries the IdP's session id from the ID token to the session, so the logout finds it by sid", async () => {
    await ssoTenant(t, idp);
    await ssoSession("admin@acme.com");
    const [session] = await t.sql<{ idp_session_id: string | null; idp_subject: string; idp_issuer: string }>(
      "select idp_session_id, idp_subject, idp_issuer from sessions where method = 'sso'",
    );
    expect(session?.idp_session_id).toMatch(/\S{10,}/);
    expect(session?.idp_issuer).toBe(idp.issuer);
  });

  it("answers no-store, and is shown under the Redirect URI in the settings", async () => {
    const admin = await ssoTenant(t, idp);
    const settings = await t.query<{ backchannelLogoutUri: string }>("sso.get", undefined, admin);
    expect(settings.data.backchannelLogoutUri).toBe(`${t.baseUrl}/auth/sso/backchannel-logout`);
    const refused = await fetch(settings.data.backchannelLogoutUri, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "logout_token=not-a-jwt",
    });
    expect(refused.status).toBe(400);
    expect(refused.headers.get("cache-control")).toBe("no-store");
    expect(await refused.json()).toEqual({ error: "invalid_request", error_description: "the logout token is not valid" });
  });
});
