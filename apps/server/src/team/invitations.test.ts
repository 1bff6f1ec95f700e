import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, signUpWorkspace, type TestApp } from "../test-support/test-app.ts";
import { acceptInvitation } from "./invitations.ts";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => t.close());

describe("acceptInvitation", () => {
  it("writes nothing when Enforce SSO changed while the password was being hashed", async () => {
    const admin = await signUpWorkspace(t, "ann@acme.com");
    const invite = await t.mutate<{ inviteUrl: string }>("team.invite", { email: "mo@acme.com", role: "member" }, admin);
    const token = new URL(invite.data.inviteUrl).pathname.split("/").pop() as string;
    const [tenant] = await t.sql<{ id: string }>("select id from tenants");
    await t.sql(
      "insert into sso_configs (tenant_id, display_name, issuer, client_id, enforce, updated_at) values (?, 'IdP', 'https://idp.example', 'c', ?, ?)",
      tenant?.id ?? "",
      true,
      Date.now(),
    );
    const result = await acceptInvitation(t.store, token, { name: "Mo", passwordHash: "scrypt$1$1$1$a$b", wasSsoEnforced: false }, null);
    expect(result).toEqual({ problem: "enforcement_changed" });
    expect(await t.user("mo@acme.com")).toMatchObject({ status: "invited", passwordHash: null, name: "" });
  });
});
