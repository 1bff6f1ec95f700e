import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, DEFAULT_PASSWORD, inviteAndAccept, signUpWorkspace, type TestApp } from "../../test-support/test-app.ts";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => t.close());

const countRows = async () => ({
  tenants: (await t.sql("select id from tenants")).length,
  users: (await t.sql("select id from users")).length,
});

describe("auth.signup", () => {
  it("creates a workspace and its first admin, signed in by password", async () => {
    const token = await signUpWorkspace(t, "Ann@Acme.com", "Acme Corp");
    const me = await t.query<{ user: { email: string; role: string }; tenant: { name: string }; method: string }>(
      "auth.me",
      undefined,
      token,
    );
    expect(me.data).toMatchObject({ user: { email: "Ann@Acme.com", role: "admin" }, tenant: { name: "Acme Corp" }, method: "pwd" });
  });

  it("refuses an email that already has an account, whatever its case, and writes nothing", async () => {
    await signUpWorkspace(t, "ann@acme.com");
    const before = await countRows();
    const answer = await t.mutate("auth.signup", {
      workspaceName: "Other",
      name: "Ann",
      email: "ANN@acme.com",
      password: DEFAULT_PASSWORD,
    });
    expect(answer.status).toBe(400);
    expect(answer.error?.data.fieldErrors?.email?.[0]).toBe(
      "This email can't be used for a new workspace. If you already have an account, sign in instead.",
    );
    expect(await countRows()).toEqual(before);
  });

  it("answers bad input with field messages, a 400 and no write", async () => {
    const answer = await t.mutate("auth.signup", { workspaceName: " ", name: "", email: "nope", password: "short" });
    expect(answer.status).toBe(400);
    expect(Object.keys(answer.error?.data.fieldErrors ?? {}).sort()).toEqual(["email", "name", "password", "workspaceName"]);
    expect(await countRows()).toEqual({ tenants: 0, users: 0 });
  });

  it.each([
    null,
    "text",
    42,
    { email: ["a"] },
    { workspaceName: "x".repeat(10_000), name: "a", email: "a@b.co", password: DEFAULT_PASSWORD },
  ])("answers the malformed body %j with a 400, never a 500", async (input) => {
    const answer = await t.mutate("auth.signup", input);
    expect(answer.status).toBe(400);
    expect(await countRows()).toEqual({ tenants: 0, users: 0 });
  });
});

describe("auth.lookup", () => {
  it("answers an unknown email exactly like a password-only user (no enumeration)", async () => {
    await signUpWorkspace(t, "ann@acme.com");
    const known = await t.query("auth.lookup", { email: "ann@acme.com" });
    const unknown = await t.query("auth.lookup", { email: "nobody@acme.com" });
    expect(known.data).toEqual({ password: true, sso: null });
    expect(unknown.data).toEqual(known.data);
  });
});

describe("auth.passwordLogin", () => {
  it("signs in with the email typed in mixed case", async () => {
    await signUpWorkspace(t, "ann@acme.com");
    const answer = await t.mutate<{ token: string }>("auth.passwordLogin", { email: "  ANN@Acme.Com ", password: DEFAULT_PASSWORD });
    expect(answer.status).toBe(200);
    const me = await t.query<{ user: { email: string } }>("auth.me", undefined, answer.data.token);
    expect(me.data.user.email).toBe("ann@acme.com");
  });

  it("says 'Invalid email or password' for a wrong password, an unknown email and a look-alike email", async () => {
    await signUpWorkspace(t, "kevin@acme.com");
    const attempts = [
      { email: "kevin@acme.com", password: "wrong password!" },
      { email: "nobody@acme.com", password: DEFAULT_PASSWORD },
      { email: "\u212Aevin@acme.com", password: DEFAULT_PASSWORD },
    ];
    for (const attempt of attempts) {
      const answer = await t.mutate("auth.passwordLogin", attempt);
      expect(answer.status).toBe(401);
      expect(answer.error?.message).toBe("Invalid email or password");
    }
  });

  it("refuses a deactivated user with the same message", async () => {
    const admin = await signUpWorkspace(t, "ann@acme.com");
    await inviteAndAccept(t, admin, "mo@acme.com");
    const member = await t.user("mo@acme.com");
    await t.mutate("team.deactivate", { userId: member?.id }, admin);
    const answer = await t.mutate("auth.passwordLogin", { email: "mo@acme.com", password: DEFAULT_PASSWORD });
    expect(answer.status).toBe(401);
    expect(answer.error?.message).toBe("Invalid email or password");
  });
});

describe("auth.me", () => {
  it("is UNAUTHORIZED without a token or with a garbage one", async () => {
    expect((await t.query("auth.me")).status).toBe(401);
    expect((await t.query("auth.me", undefined, "not-a-jwt")).status).toBe(401);
  });
});
