import { generateKeyPair, SignJWT, UnsecuredJWT } from "jose";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, inviteAndAccept, signUpWorkspace, type TestApp } from "../test-support/test-app.ts";
import { signSessionToken } from "./session-token.ts";

let t: TestApp;
let adminToken: string;
let claims: { sub: string; tid: string; role: string; method: string; sid: string };

beforeEach(async () => {
  t = await createTestApp();
  adminToken = await signUpWorkspace(t, "ann@acme.com");
  const me = await t.query<{ user: { id: string }; tenant: { id: string } }>("auth.me", undefined, adminToken);
  const { sid } = JSON.parse(Buffer.from(adminToken.split(".")[1] as string, "base64url").toString()) as { sid: string };
  claims = { sub: me.data.user.id, tid: me.data.tenant.id, role: "admin", method: "pwd", sid };
});
afterEach(async () => t.close());

const base = () => ({ tid: claims.tid, role: claims.role, method: claims.method, sid: claims.sid }) satisfies Record<string, string>;
const withStandardClaims = <T extends SignJWT | UnsecuredJWT>(jwt: T): T =>
  jwt.setSubject(claims.sub).setIssuer("jams-imes").setAudience("jams-imes:session").setIssuedAt().setExpirationTime("1h") as T;

const statusWith = async (token: string) => (await t.query("auth.me", undefined, token)).status;

describe("session token attacks → 401", () => {
  it("control: the real token works", async () => {
    expect(await statusWith(adminToken)).toBe(200);
  });

  it("alg none", async () => {
    expect(await statusWith(withStandardClaims(new UnsecuredJWT(base())).encode())).toBe(401);
  });

  it("a switched algorithm (HS512 with the real secret)", async () => {
    const token = await withStandardClaims(new SignJWT(base()).setProtectedHeader({ alg: "HS512" })).sign(
      new Uint8Array([...t.config.jwtSecret, ...t.config.jwtSecret]),
    );
    expect(await statusWith(token)).toBe(401);
  });

  it("an RS256 token from the attacker's own key", async () => {
    const { privateKey } = await generateKeyPair("RS256");
    expect(await statusWith(await withStandardClaims(new SignJWT(base()).setProtectedHeader({ alg: "RS256" })).sign(privateKey))).toBe(401);
  });

  it("a guessed secret", async () => {
    const token = await withStandardClaims(new SignJWT(base()).setProtectedHeader({ alg: "HS256" })).sign(
      new TextEncoder().encode("secret"),
    );
    expect(await statusWith(token)).toBe(401);
  });

  it("an expired token", async () => {
    const token = await new SignJWT(base())
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(claims.sub)
      .setIssuer("jams-imes")
      .setAudience("jams-imes:session")
      .setIssuedAt(Math.floor(Date.now() / 1000) - 9 * 3600)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(t.config.jwtSecret);
    expect(await statusWith(token)).toBe(401);
  });

  it.each([
    ["tenant", { tid: "another-tenant" }],
    ["role", { role: "admin", sub: "someone-else" }],
    ["method", { method: "sso" }],
  ])("edited %s claim with the original signature", async (_name, edit) => {
    const [header, payload, signature] = adminToken.split(".") as [string, string, string];
    const edited = { ...JSON.parse(Buffer.from(payload, "base64url").toString()), ...edit };
    expect(await statusWith(`${header}.${Buffer.from(JSON.stringify(edited)).toString("base64url")}.${signature}`)).toBe(401);
  });

  it("a validly signed token naming another tenant than the user's", async () => {
    const other = await signUpWorkspace(t, "bob@globex.com", "Globex");
    const globex = await t.query<{ tenant: { id: string } }>("auth.me", undefined, other);
    const token = await signSessionToken(
      { userId: claims.sub, tenantId: globex.data.tenant.id, role: "admin", method: "pwd", sessionId: claims.sid },
      t.config.jwtSecret,
    );
    expect(await statusWith(token)).toBe(401);
  });

  it("a validly signed token pairing another user's live session with this user", async () => {
    const { token: member } = await inviteAndAccept(t, adminToken, "mo@acme.com");
    const { sid: memberSession } = JSON.parse(Buffer.from(member.split(".")[1] as string, "base64url").toString()) as { sid: string };
    const token = signSessionToken(
      { userId: claims.sub, tenantId: claims.tid, role: "admin", method: "pwd", sessionId: memberSession },
      t.config.jwtSecret,
    );
    expect(await statusWith(token)).toBe(401);
    expect(await statusWith(member)).toBe(200);
  });

  it("garbage in the Authorization header", async () => {
    for (const header of ["Bearer", "Bearer ", "Basic abc", `Bearer ${"a".repeat(5000)}`, "Bearer a.b.c"]) {
      const response = await t.app.request("/trpc/auth.me", { headers: { authorization: header } });
      expect(response.status).toBe(401);
    }
  });
});

describe("authorisation follows the database, not the token", () => {
  it("a demoted admin loses admin procedures on the next request; a deactivated one loses everything", async () => {
    const { token: eve } = await inviteAndAccept(t, adminToken, "eve@acme.com", "admin");
    expect((await t.query("team.list", undefined, eve)).status).toBe(200);
    const list = await t.query<{ members: Array<{ id: string; email: string }> }>("team.list", undefined, adminToken);
    const eveId = list.data.members.find((member) => member.email === "eve@acme.com")?.id;
    await t.sql("update users set role = 'member' where id = ?", eveId ?? "");
    expect((await t.query("team.list", undefined, eve)).status).toBe(403);
    await t.mutate("team.deactivate", { userId: eveId }, adminToken);
    expect((await t.query("auth.me", undefined, eve)).status).toBe(401);
  });

  it("a user disabled in the database is refused even while their session row is still live", async () => {
    await t.sql("update users set status = 'disabled' where id = ?", claims.sub);
    expect(await t.sql("select id from sessions where id = ? and revoked_at is null", claims.sid)).toHaveLength(1);
    expect(await statusWith(adminToken)).toBe(401);
  });
});
