import { describeSignInFailure } from "@jams/contracts";
import { driveBrowserlessLogin, type LocalIdp } from "@jams/local-idp";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { beginSso, CLIENT_SECRET, finishSso, handoffCodeOf, redeemSso, ssoTenant, startIdpFor } from "../test-support/sso-harness.ts";
import { createTestApp, inviteAndAccept, signUpWorkspace, type TestApp } from "../test-support/test-app.ts";

let t: TestApp;
let idp: LocalIdp;
beforeEach(async () => {
  t = await createTestApp();
  idp = await startIdpFor(t, [{ email: "admin@acme.com" }, { email: "stranger@acme.com", sub: "stranger-sub" }]);
});
afterEach(async () => {
  await idp.close();
  await t.close();
});

interface AuditRow {
  type: string;
  method: string | null;
  code: string | null;
  email: string | null;
  idpSubject: string | null;
  actorEmail: string | null;
  details: Record<string, unknown>;
}

async function ssoAttempt(idpEmail: string) {
  const start = await beginSso(t, "admin@acme.com");
  return finishSso(t, await driveBrowserlessLogin(start.location.toString(), idpEmail), start.cookie);
}

describe("audit trail and Sign-in activity", () => {
  it("records a journey: config change, sign-ins by both methods, failures with their codes, enforcement", async () => {
    const passwordAdmin = await ssoTenant(t, idp);
    await t.mutate("auth.passwordLogin", { email: "admin@acme.com", password: "not the password" });
    expect(handoffCodeOf((await ssoAttempt("stranger@acme.com")).location)).toBeNull();
    const ssoAdmin = (await redeemSso(t, await ssoAttempt("admin@acme.com"))).data.token;
    await t.mutate("sso.setEnforced", { enforce: true }, ssoAdmin);
    await t.mutate(
      "sso.save",
      { displayName: "Renamed", issuer: idp.issuer, clientId: "jams-imes-test", clientSecret: CLIENT_SECRET },
      passwordAdmin,
    );

    const { data } = await t.query<{ events: AuditRow[] }>("audit.list", undefined, ssoAdmin);
    const summary = data.events.map((event) => [event.type, event.method, event.code]).reverse();
    expect(summary).toEqual([
      ["workspace.created", null, null],
      ["sso.config.saved", null, null],
      ["signin.failure", "pwd", "wrong_password"],
      ["signin.failure", "sso", "user_not_provisioned"],
      ["signin.success", "sso", null],
      ["sso.enforce.changed", null, null],
      ["sso.config.saved", null, null],
    ]);
    const notProvisioned = data.events.find((event) => event.code === "user_not_provisioned");
    expect(notProvisioned).toMatchObject({ email: "stranger@acme.com", idpSubject: "stranger-sub" });
    expect(describeSignInFailure(notProvisioned?.code ?? "")?.fix).toMatch(/invite/i);
    expect(data.events[0]).toMatchObject({ actorEmail: "admin@acme.com", details: { changedFields: ["displayName", "clientSecret"] } });
    expect(JSON.stringify(data)).not.toContain(CLIENT_SECRET);
  });

  it("shows each tenant only its own events, and only to admins", async () => {
    const acme = await signUpWorkspace(t, "admin@acme.com", "Acme");
    const { token: member } = await inviteAndAccept(t, acme, "mo@acme.com");
    const globex = await signUpWorkspace(t, "bob@globex.com", "Globex");
    const globexEvents = await t.query<{ events: AuditRow[] }>("audit.list", undefined, globex);
    expect(globexEvents.data.events.map((event) => event.email)).toEqual(["bob@globex.com"]);
    expect((await t.query("audit.list", undefined, member)).status).toBe(403);
  });
});
