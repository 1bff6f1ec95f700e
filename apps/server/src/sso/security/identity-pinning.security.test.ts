import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type HostileIdp, startHostileIdp } from "../../test-support/hostile-idp.ts";
import {
  attemptSsoViaAutoIdp,
  CLIENT_ID,
  CLIENT_SECRET,
  handoffCodeOf,
  redeemSso,
  ssoErrorOf,
  tenantUsingIssuer,
} from "../../test-support/sso-harness.ts";
import { createTestApp, type TestApp } from "../../test-support/test-app.ts";

let t: TestApp;
let idp: HostileIdp;
let admin: string;
beforeEach(async () => {
  t = await createTestApp();
  idp = await startHostileIdp(CLIENT_ID);
  admin = await tenantUsingIssuer(t, idp.issuer);
});
afterEach(async () => {
  await idp.close();
  await t.close();
});

const pinOf = async (email: string) =>
  (
    await t.sql<{ issuer: string | null; subject: string | null }>(
      `select idp_issuer as "issuer", idp_subject as "subject" from users where email = ?`,
      email,
    )
  )[0];
const handoffs = () => t.sql("select * from sso_handoffs");

async function signInAs(email: string, sub: string) {
  idp.signInAs(email, { sub });
  return attemptSsoViaAutoIdp(t, email);
}

describe("the IdP identity is pinned at a user's first SSO sign-in", () => {
  it("records (issuer, sub) at the first sign-in; the same sub signs in again", async () => {
    expect(handoffCodeOf((await signInAs("user@acme.com", "sub-original")).location)).toBeTruthy();
    expect(await pinOf("user@acme.com")).toEqual({ issuer: idp.issuer, subject: "sub-original" });
    expect(handoffCodeOf((await signInAs("user@acme.com", "sub-original")).location)).toBeTruthy();
  });

  it("refuses another sub for the same email (a recycled mailbox) → sso_subject_mismatch, no handoff, audited", async () => {
    await signInAs("user@acme.com", "sub-original");
    const before = await handoffs();
    const { location } = await signInAs("user@acme.com", "sub-of-someone-new");
    expect(ssoErrorOf(location)).toBe("sso_subject_mismatch");
    expect(await handoffs()).toEqual(before);
    expect(await pinOf("user@acme.com")).toEqual({ issuer: idp.issuer, subject: "sub-original" });
    const trail = await t.query<{ events: Array<{ type: string; code: string | null; idpSubject: string | null }> }>(
      "audit.list",
      { category: "failures" },
      admin,
    );
    expect(trail.data.events[0]).toMatchObject({ type: "signin.failure", code: "sso_subject_mismatch", idpSubject: "sub-of-someone-new" });
  });

  it("refuses a sub already pinned to another user of the workspace (an address renamed at the IdP)", async () => {
    await t.mutate("team.invite", { email: "renamed@acme.com", role: "member" }, admin);
    await signInAs("user@acme.com", "sub-shared");
    const { location } = await signInAs("renamed@acme.com", "sub-shared");
    expect(ssoErrorOf(location)).toBe("sso_subject_mismatch");
    expect(await pinOf("renamed@acme.com")).toEqual({ issuer: null, subject: null });
  });

  it("an admin's reset on Team Members lets the next sign-in pin the new sub; the reset is audited", async () => {
    await signInAs("user@acme.com", "sub-original");
    const user = await t.user("user@acme.com");
    const reset = await t.mutate<{ isSsoLinked: boolean }>("team.resetSsoLink", { userId: user?.id }, admin);
    expect(reset.data.isSsoLinked).toBe(false);
    const done = await signInAs("user@acme.com", "sub-new-mailbox");
    if (!("binder" in done)) throw new Error("the sign-in did not reach the callback");
    expect((await redeemSso(t, done)).status).toBe(200);
    expect(await pinOf("user@acme.com")).toEqual({ issuer: idp.issuer, subject: "sub-new-mailbox" });
    const trail = await t.query<{ events: Array<{ type: string; email: string | null }> }>("audit.list", { category: "changes" }, admin);
    expect(trail.data.events.find((event) => event.type === "team.sso_link_reset")?.email).toBe("user@acme.com");
  });

  it("pointing SSO at another issuer or client id resets every link of the workspace", async () => {
    await signInAs("user@acme.com", "sub-original");
    const other = await startHostileIdp(CLIENT_ID);
    try {
      const saved = await t.mutate(
        "sso.save",
        { displayName: "IdP", issuer: other.issuer, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
        admin,
      );
      expect(saved.status).toBe(200);
      expect(await pinOf("user@acme.com")).toEqual({ issuer: null, subject: null });
    } finally {
      await other.close();
    }
  });

  it("another workspace's admin cannot reset a link of this one", async () => {
    await signInAs("user@acme.com", "sub-original");
    const globex = await tenantUsingIssuer(t, idp.issuer, "ceo@globex.com", "Globex", "someone@globex.com");
    const user = await t.user("user@acme.com");
    expect((await t.mutate("team.resetSsoLink", { userId: user?.id }, globex)).status).toBe(404);
    expect(await pinOf("user@acme.com")).toEqual({ issuer: idp.issuer, subject: "sub-original" });
  });
});
