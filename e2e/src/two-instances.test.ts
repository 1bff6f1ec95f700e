import { randomBytes } from "node:crypto";
import { createTestDatabase, type TestDatabase, testDialect } from "@jams/db/test-support";
import { driveBrowserlessLogin, type LocalIdp, startLocalIdp } from "@jams/local-idp";
import { type RunningServer, startProductionServer } from "@jams/server/server-process";
import { freePort } from "@jams/server/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HttpClient, httpClientOf } from "./support/http-client.ts";

const CLIENT = { clientId: "jams-two-instances", clientSecret: "two-instances-Secret-4Tq" };
const PASSWORD = "correct horse battery staple";

let database: TestDatabase;
let idp: LocalIdp;
let servers: RunningServer[];
let a: HttpClient;
let b: HttpClient;
let admin: string;

/**
 * Two production server processes behind one `PUBLIC_URL` on one database that neither has
 * migrated yet (they start together, so they race to migrate it), as a load balancer would
 * spread one customer's browsers over them.
 */
beforeAll(async () => {
  database = await createTestDatabase({ isMigrated: false });
  const ports = [await freePort(), await freePort()];
  const publicUrl = `http://localhost:${ports[0]}`;
  idp = await startLocalIdp({
    clients: [{ ...CLIENT, redirectUris: [`${publicUrl}/auth/sso/callback`] }],
    accounts: [{ email: "admin@acme.com" }, { email: "mo@acme.com" }],
  });
  const env = {
    DATABASE_URL: database.location.dialect === "sqlite" ? database.location.path : database.location.url,
    DATABASE_POOL_MAX: "4",
    PUBLIC_URL: publicUrl,
    JWT_SECRET: randomBytes(48).toString("base64url"),
    SSO_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    SSO_ALLOW_INSECURE_ISSUERS: "1",
    RATE_LIMIT_LOGIN_FREE_FAILURES: "3",
  };
  servers = await Promise.all(ports.map((port) => startProductionServer(port, env)));
  [a, b] = ports.map((port) => httpClientOf(`http://localhost:${port}`)) as [HttpClient, HttpClient];
  const signup = await a.mutate<{ token: string }>("auth.signup", {
    workspaceName: "Acme",
    name: "Ann",
    email: "admin@acme.com",
    password: PASSWORD,
  });
  admin = signup.data.token;
});

afterAll(async () => {
  await Promise.all(servers?.map((server) => server.stop()) ?? []);
  await idp?.close();
  await database?.drop();
});

const handoffCodeOf = (location: URL) => new URLSearchParams(location.hash.slice(1)).get("code") ?? "";

describe(`two server instances on one ${testDialect === "postgres" ? "PostgreSQL" : "SQLite"} database work as one`, () => {
  it("use an SSO config saved on A at once on B", async () => {
    const saved = await a.mutate("sso.save", { displayName: "Local IdP", issuer: idp.issuer, ...CLIENT }, admin);
    expect(saved.status).toBe(200);
    expect((await b.query("auth.lookup", { email: "admin@acme.com" })).data).toEqual({ password: true, sso: { name: "Local IdP" } });
    expect((await b.startSso("admin@acme.com")).location).toMatch(new RegExp(`^${idp.issuer}/`));
  });

  it("finish on B a sign-in started on A, and redeem its handoff on A", async () => {
    const started = await a.startSso("admin@acme.com");
    const callback = await driveBrowserlessLogin(started.location, "admin@acme.com");
    const done = await b.finishSso(callback, started.cookie);
    expect(done.location.pathname).toBe("/login/sso");
    const redeemed = await a.mutate<{ token: string }>(
      "auth.redeemSsoHandoff",
      { code: handoffCodeOf(done.location) },
      undefined,
      done.binder,
    );
    expect(redeemed.status).toBe(200);
    expect((await b.query<{ method: string }>("auth.me", undefined, redeemed.data.token)).data.method).toBe("sso");
    const redeemedAgain = await b.mutate("auth.redeemSsoHandoff", { code: handoffCodeOf(done.location) }, undefined, done.binder);
    expect(redeemedAgain.status).toBe(401);
  });

  it("refuse on B a callback replayed after it succeeded on A", async () => {
    const started = await a.startSso("admin@acme.com");
    const callback = await driveBrowserlessLogin(started.location, "admin@acme.com");
    expect((await a.finishSso(callback, started.cookie)).location.pathname).toBe("/login/sso");
    const replayed = await b.finishSso(callback, started.cookie);
    expect(replayed.location.searchParams.get("sso_error")).toBe("sso_state_invalid");
    expect(handoffCodeOf(replayed.location)).toBe("");
  });

  it("end on B the session of a member deactivated on A, at B's next request", async () => {
    const invite = await a.mutate<{ inviteUrl: string }>("team.invite", { email: "mo@acme.com", role: "member" }, admin);
    const inviteToken = new URL(invite.data.inviteUrl).pathname.split("/").pop();
    const accepted = await b.mutate<{ token: string }>("invites.accept", { token: inviteToken, name: "Mo", password: PASSWORD });
    expect((await b.query("auth.me", undefined, accepted.data.token)).status).toBe(200);
    const team = await a.query<{ members: Array<{ id: string; email: string }> }>("team.list", undefined, admin);
    const mo = team.data.members.find((member) => member.email === "mo@acme.com");
    expect((await a.mutate("team.deactivate", { userId: mo?.id }, admin)).status).toBe(200);
    expect((await b.query("auth.me", undefined, accepted.data.token)).status).toBe(401);
  });

  it("count one account's failed passwords across both, holding it back on either", async () => {
    const statuses = [];
    for (const server of [a, b, a, b, a, b]) {
      statuses.push((await server.mutate("auth.passwordLogin", { email: "nobody@acme.com", password: "wrong password" })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
  });
});
