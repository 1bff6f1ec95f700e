import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startHostileIdp } from "./test-support/hostile-idp.ts";
import { runNpmScript } from "./test-support/server-process.ts";
import { CLIENT_ID, tenantUsingIssuer } from "./test-support/sso-harness.ts";
import { createTestApp, DEFAULT_PASSWORD, type TestApp } from "./test-support/test-app.ts";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => t.close());

/** `npm run sso:unenforce -- <target>` as an operator runs it, with the server's production environment. */
function unenforce(target: string) {
  const database = t.config.database;
  return runNpmScript("sso:unenforce", target ? [target] : [], {
    NODE_ENV: "production",
    DATABASE_URL: database.dialect === "sqlite" ? database.path : database.url,
    JWT_SECRET: randomBytes(32).toString("base64url"),
    SSO_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  });
}

describe("npm run sso:unenforce (the operator's recovery when the IdP is down or its secret expired)", () => {
  it("turns Enforce SSO off for the admin's workspace, keeps its settings, and records it as done by Operator", async () => {
    const idp = await startHostileIdp(CLIENT_ID);
    try {
      await tenantUsingIssuer(t, idp.issuer);
      const ann = await t.user("admin@acme.com");
      await t.store.sso.setEnforced(ann?.tenantId as string, { actorUserId: ann?.id as string }, true);
      expect((await t.mutate("auth.passwordLogin", { email: "admin@acme.com", password: DEFAULT_PASSWORD })).status).toBe(403);

      const ran = await unenforce("ADMIN@acme.com");
      expect(ran).toEqual({
        code: 0,
        stdout: `Enforce SSO is off for tenant ${ann?.tenantId} (IdP): people with a password can sign in again. Recorded in its Sign-in activity.\n`,
        stderr: "",
      });
      const signedIn = await t.mutate<{ token: string }>("auth.passwordLogin", { email: "admin@acme.com", password: DEFAULT_PASSWORD });
      expect(signedIn.status).toBe(200);
      const settings = await t.query<{ config: { enforce: boolean; issuer: string } }>("sso.get", undefined, signedIn.data.token);
      expect(settings.data.config).toMatchObject({ enforce: false, issuer: idp.issuer });
      const trail = await t.query<{ events: Array<{ type: string; actorLabel: string | null; details: Record<string, unknown> }> }>(
        "audit.list",
        { category: "changes" },
        signedIn.data.token,
      );
      expect(trail.data.events[0]).toMatchObject({ type: "sso.enforce.changed", actorLabel: "Operator", details: { enforce: false } });
    } finally {
      await idp.close();
    }
  });

  it("says so when there is nothing to do or no such workspace, changing nothing", async () => {
    expect(await unenforce("nobody@nowhere.example")).toMatchObject({
      code: 1,
      stderr: "No workspace with SSO settings for nobody@nowhere.example: give an admin's email or the tenant id\n",
    });
    expect((await unenforce("")).code).toBe(2);
  });
});
