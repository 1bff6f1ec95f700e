import { driveBrowserlessLogin, type LocalIdp } from "@jams/local-idp";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { beginSso, finishSso, handoffCodeOf, ssoTenant, startIdpFor } from "../test-support/sso-harness.ts";
import { createTestApp, type TestApp } from "../test-support/test-app.ts";

let t: TestApp;
let idp: LocalIdp;
beforeEach(async () => {
  t = await createTestApp();
  idp = await startIdpFor(t, [{ email: "admin@acme.com" }]);
  await ssoTenant(t, idp);
});
afterEach(async () => {
  await idp.close();
  await t.close();
});

const wrongPassword = (index: number) =>
  t.mutate("auth.passwordLogin", { email: `attacker${index}@acme.com`, password: "wrong password" }).then((answer) => answer.status);

describe("a password flood", () => {
  it("does not hold up an SSO sign-in (the KDF runs off the event loop, leaving it a core)", async () => {
    const finished: string[] = [];
    const flood = Array.from({ length: 24 }, (_, index) => wrongPassword(index).then(() => finished.push("password")));
    const sso = (async () => {
      const start = await beginSso(t, "admin@acme.com");
      const callback = await driveBrowserlessLogin(start.location.toString(), "admin@acme.com");
      const { location } = await finishSso(t, callback, start.cookie);
      finished.push("sso");
      return handoffCodeOf(location);
    })();
    expect(await sso).toBeTruthy();
    await Promise.all(flood);
    expect(finished.indexOf("sso")).toBeLessThan(finished.length - 1);
    expect(finished.filter((entry) => entry === "password")).toHaveLength(24);
  });

  it("turns attempts beyond the KDF queue away with 429, never 500", async () => {
    const statuses = await Promise.all(Array.from({ length: 100 }, (_, index) => wrongPassword(index)));
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThan(0);
    expect(statuses.every((status) => status === 401 || status === 429)).toBe(true);
  });
});
