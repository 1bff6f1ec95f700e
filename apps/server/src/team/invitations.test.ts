import { schema } from "@jams/db";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, signUpWorkspace, type TestApp } from "../test-support/test-app.ts";
import { acceptInvitation } from "./invitations.ts";

let t: TestApp;
beforeEach(() => {
  t = createTestApp();
});
afterEach(() => t.close());

describe("acceptInvitation", () => {
  it("writes nothing when Enforce SSO changed while the password was being hashed", async () => {
    const admin = await signUpWorkspace(t, "ann@acme.com");
    const invite = await t.mutate<{ inviteUrl: string }>("team.invite", { email: "mo@acme.com", role: "member" }, admin);
    const token = new URL(invite.data.inviteUrl).pathname.split("/").pop() as string;
    const tenantId = t.db.select().from(schema.tenants).get()?.id as string;
    t.db
      .insert(schema.ssoConfigs)
      .values({ tenantId, displayName: "IdP", issuer: "https://idp.example", clientId: "c", enforce: true, updatedAt: new Date() })
      .run();
    const result = acceptInvitation(t.db, token, { name: "Mo", passwordHash: "scrypt$1$1$1$a$b", wasSsoEnforced: false });
    expect(result).toEqual({ problem: "enforcement_changed" });
    const mo = t.db.select().from(schema.users).where(eq(schema.users.email, "mo@acme.com")).get();
    expect(mo).toMatchObject({ status: "invited", passwordHash: null, name: "" });
  });
});
