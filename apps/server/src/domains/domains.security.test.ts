import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startHostileIdp } from "../test-support/hostile-idp.ts";
import { type LocalDns, startLocalDns } from "../test-support/local-dns.ts";
import { scimClient, scimTokenFor } from "../test-support/scim-client.ts";
import { createServedTestApp, type ServedTestApp } from "../test-support/served-test-app.ts";
import { attemptSsoViaAutoIdp, CLIENT_ID, CLIENT_SECRET, handoffCodeOf, ssoErrorOf } from "../test-support/sso-harness.ts";
import { DEFAULT_PASSWORD, inviteAndAccept, signUpWorkspace, TEST_RATE_LIMITS } from "../test-support/test-app.ts";
import { RECHECK_AFTER_MS, RECHECK_GRACE_MS, recheckDomains } from "./domain-verification.ts";

interface DomainView {
  domain: string;
  recordName: string;
  recordValue: string;
  verifiedAt: string | null;
}

let dns: LocalDns;
let t: ServedTestApp;
let acme: string;
let squat: string;
beforeEach(async () => {
  dns = await startLocalDns();
  t = await createServedTestApp({ dnsServers: [dns.server] });
  acme = await signUpWorkspace(t, "ada@acme.com", "Acme");
  squat = await signUpWorkspace(t, "eve@squat.io", "Squat");
});
afterEach(async () => {
  await t.close();
  await dns.close();
});

async function addDomain(token: string, domain: string): Promise<DomainView> {
  const added = await t.mutate<DomainView>("domains.add", { domain }, token);
  if (added.status !== 200) throw new Error(`domains.add failed: ${JSON.stringify(added.error)}`);
  return added.data;
}

/** Lists the domain, publishes its TXT record and verifies it. */
async function verifyOwnership(token: string, domain: string) {
  const listed = await addDomain(token, domain);
  dns.setTxt(listed.recordName, ["v=spf1 -all", listed.recordValue]);
  const verified = await t.mutate<{ released: number }>("domains.verify", { domain }, token);
  if (verified.status !== 200) throw new Error(`domains.verify failed: ${JSON.stringify(verified.error)}`);
  return { listed, released: verified.data.released };
}

const domainsOf = async (token: string) => (await t.query<{ domains: DomainView[] }>("domains.list", undefined, token)).data.domains;

describe("listing a domain", () => {
  it("folds what people type to the form emails are compared in, and gives the TXT record to publish", async () => {
    const listed = await addDomain(acme, "  Acme.COM. ");
    expect(listed).toMatchObject({ domain: "acme.com", recordName: "_jams-imes-challenge.acme.com", verifiedAt: null });
    expect(listed.recordValue).toMatch(/^jams-imes-domain-verification=[A-Za-z0-9_-]{24}$/);
    expect(await domainsOf(acme)).toEqual([expect.objectContaining({ domain: "acme.com", verifiedAt: null })]);
  });

  it.each([
    ["bob@acme.com", "without a name and @"],
    ["-acme.com", "like acme.com"],
    ["acme", "like acme.com"],
    ["acme..com", "like acme.com"],
    ["ácme.com", "xn--"],
    ["", "Enter a domain"],
  ])("refuses %j with a field message, and lists nothing", async (domain, message) => {
    const answer = await t.mutate("domains.add", { domain }, acme);
    expect(answer.status).toBe(400);
    expect(answer.error?.data.fieldErrors?.domain?.[0]).toContain(message);
    expect(await t.sql("select * from tenant_domains")).toEqual([]);
  });

  it("refuses the same domain twice in a workspace", async () => {
    await addDomain(acme, "acme.com");
    const again = await t.mutate("domains.add", { domain: "ACME.com" }, acme);
    expect(again.error?.data.fieldErrors?.domain).toEqual(["acme.com is already listed"]);
  });

  it("is for admins only", async () => {
    const { token: member } = await inviteAndAccept(t, acme, "mo@acme.com");
    for (const answer of [await t.query("domains.list", undefined, member), await t.mutate("domains.add", { domain: "acme.com" }, member)])
      expect(answer.status).toBe(403);
  });
});

describe("verifying a domain through DNS", () => {
  it("is refused while no TXT record holds the workspace's value, and nothing changes", async () => {
    const listed = await addDomain(acme, "acme.com");
    dns.setTxt(listed.recordName, ["jams-imes-domain-verification=someone-elses-value"]);
    const answer = await t.mutate("domains.verify", { domain: "acme.com" }, acme);
    expect(answer.status).toBe(412);
    expect(answer.error?.message).toContain("No TXT record at _jams-imes-challenge.acme.com");
    expect((await domainsOf(acme))[0]?.verifiedAt).toBeNull();
  });

  it("says DNS did not answer when the name server fails, rather than that the record is missing", async () => {
    const listed = await addDomain(acme, "acme.com");
    dns.fail(listed.recordName);
    const answer = await t.mutate("domains.verify", { domain: "acme.com" }, acme);
    expect(answer.error?.message).toBe("DNS did not answer for acme.com. Try again in a few minutes.");
    expect((await domainsOf(acme))[0]?.verifiedAt).toBeNull();
  });

  it("verifies with the record among others, and a value split into several strings", async () => {
    const listed = await addDomain(acme, "acme.com");
    dns.setTxt(listed.recordName, ["google-site-verification=abc", listed.recordValue]);
    expect((await t.mutate("domains.verify", { domain: "acme.com" }, acme)).status).toBe(200);
    const second = await addDomain(acme, "acme.co.uk");
    dns.setTxt(second.recordName, [`${second.recordValue}${" ".repeat(300)}`]);
    expect((await t.mutate("domains.verify", { domain: "acme.co.uk" }, acme)).status).toBe(200);
    expect((await domainsOf(acme)).map((row) => row.verifiedAt !== null)).toEqual([true, true]);
    const trail = await t.query<{ events: Array<{ type: string }> }>("audit.list", { category: "changes" }, acme);
    expect(trail.data.events.map((event) => event.type)).toEqual(expect.arrayContaining(["domain.added", "domain.verified"]));
  });

  it("a domain verified by one workspace cannot be listed or verified by another", async () => {
    const mine = await addDomain(squat, "acme.com");
    await verifyOwnership(acme, "acme.com");
    dns.setTxt(mine.recordName, [mine.recordValue]);
    const verify = await t.mutate("domains.verify", { domain: "acme.com" }, squat);
    expect([verify.status, verify.error?.message]).toEqual([409, "acme.com is verified by another workspace"]);
    const add = await t.mutate("domains.add", { domain: "acme.com" }, await signUpWorkspace(t, "x@third.io", "Third"));
    expect(add.error?.data.fieldErrors?.domain).toEqual(["acme.com is verified by another workspace"]);
  });

  it("each check is counted against the workspace's allowance for outbound lookups", async () => {
    await t.close();
    t = await createServedTestApp({
      dnsServers: [dns.server],
      rateLimits: { ...TEST_RATE_LIMITS, outboundChecksPerTenant: { limit: 2, windowMs: 600_000 } },
    });
    acme = await signUpWorkspace(t, "ada@acme.com", "Acme");
    await addDomain(acme, "acme.com");
    const statuses = [];
    for (let attempt = 0; attempt < 3; attempt += 1) statuses.push((await t.mutate("domains.verify", { domain: "acme.com" }, acme)).status);
    expect(statuses).toEqual([412, 412, 429]);
  });
});

describe("a verified domain's addresses belong to the verifying workspace only", () => {
  it("releases another workspace's holds: never-joined invitees go, accounts lose their claim and sessions", async () => {
    await t.mutate("team.invite", { email: "bob@acme.com", role: "member" }, squat);
    const carol = await inviteAndAccept(t, squat, "carol@acme.com");
    const nia = await inviteAndAccept(t, squat, "nia@notacme.com");
    await t.mutate("team.invite", { email: "ned@notacme.com", role: "member" }, squat);
    expect((await t.query("auth.me", undefined, carol.token)).status).toBe(200);

    const { released } = await verifyOwnership(acme, "acme.com");
    expect(released).toBe(2);
    expect((await t.query("auth.me", undefined, carol.token)).status).toBe(401);
    expect((await t.query("auth.me", undefined, nia.token)).status).toBe(200);
    const squatTeam = await t.query<{ members: Array<{ email: string }>; invitations: Array<{ email: string }> }>(
      "team.list",
      undefined,
      squat,
    );
    expect(squatTeam.data.members.map((member) => member.email)).toEqual([
      "eve@squat.io",
      "carol@acme.com",
      "nia@notacme.com",
      "ned@notacme.com",
    ]);
    expect(squatTeam.data.invitations.map((invitation) => invitation.email)).toEqual(["ned@notacme.com"]);
    const login = await t.mutate("auth.passwordLogin", { email: "carol@acme.com", password: DEFAULT_PASSWORD });
    expect(login.status).toBe(401);
    expect(await t.sql("select email_claimed_at from users where email = 'carol@acme.com'")).toEqual([{ email_claimed_at: null }]);
    const trail = await t.query<{ events: Array<{ type: string; email: string | null }> }>("audit.list", { category: "changes" }, squat);
    expect(trail.data.events.filter((event) => event.type === "domain.claim_released").map((event) => event.email)).toEqual(
      expect.arrayContaining(["bob@acme.com", "carol@acme.com"]),
    );

    const { token } = await inviteAndAccept(t, acme, "carol@acme.com");
    const me = await t.query<{ tenant: { name: string } }>("auth.me", undefined, token);
    expect(me.data.tenant.name).toBe("Acme");
  });

  it("another workspace can no longer invite, sign up or provision its addresses", async () => {
    const scim = scimClient(t.baseUrl, await scimTokenFor(t, squat));
    const gil = await scim.post("/Users", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "gil@squat.io" });
    await verifyOwnership(acme, "acme.com");
    const invite = await t.mutate("team.invite", { email: "Dave@ACME.com", role: "member" }, squat);
    expect(invite.error?.data.fieldErrors?.email).toEqual([
      "acme.com is a verified domain of another workspace: only that workspace can invite its addresses",
    ]);
    const signup = await t.mutate("auth.signup", { workspaceName: "Mine", name: "Zed", email: "zed@acme.com", password: DEFAULT_PASSWORD });
    expect(signup.error?.data.fieldErrors?.email?.[0]).toContain("belong to a workspace that verified the domain");
    const provisioned = await scim.post("/Users", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "fay@acme.com" });
    expect(provisioned.status).toBe(409);
    const renamed = await scim.patch(`/Users/${gil.body.id}`, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "replace", path: 'emails[type eq "work"].value', value: "gil@acme.com" }],
    });
    expect(renamed.status).toBe(409);
    const replaced = await scim.put(`/Users/${gil.body.id}`, {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName: "gil@acme.com",
    });
    expect(replaced.status).toBe(409);
    expect(await t.sql("select email from users where email_normalized like '%@acme.com'")).toEqual([{ email: "ada@acme.com" }]);
    expect((await t.mutate("team.invite", { email: "dave@acme.com", role: "member" }, acme)).status).toBe(200);
  });

  it("an invitation accepted after the domain was verified elsewhere writes nothing", async () => {
    const invite = await t.mutate<{ inviteUrl: string }>("team.invite", { email: "gus@acme.com", role: "member" }, squat);
    const token = new URL(invite.data.inviteUrl).pathname.split("/").pop();
    await addDomain(acme, "acme.com");
    const ada = await t.user("ada@acme.com");
    await t.store.domains.markVerified(ada?.tenantId as string, "acme.com", ada?.id as string, Date.now());
    const accepted = await t.mutate("invites.accept", { token, name: "Gus", password: DEFAULT_PASSWORD });
    expect(accepted.status).not.toBe(200);
    expect(await t.sql("select * from sessions where user_id in (select id from users where email = 'gus@acme.com')")).toEqual([]);
  });

  it("another workspace's IdP cannot sign in one of its addresses → user_not_provisioned, no handoff", async () => {
    const idp = await startHostileIdp(CLIENT_ID);
    try {
      expect(
        (await t.mutate("sso.save", { displayName: "IdP", issuer: idp.issuer, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }, squat))
          .status,
      ).toBe(200);
      await inviteAndAccept(t, squat, "hal@acme.com");
      idp.signInAs("hal@acme.com");
      expect(handoffCodeOf((await attemptSsoViaAutoIdp(t, "eve@squat.io")).location)).toBeTruthy();
      await verifyOwnership(acme, "acme.com");
      const handoffsBefore = await t.sql("select * from sso_handoffs");
      const { location } = await attemptSsoViaAutoIdp(t, "eve@squat.io");
      expect(ssoErrorOf(location)).toBe("user_not_provisioned");
      expect(await t.sql("select * from sso_handoffs")).toEqual(handoffsBefore);
      expect(await t.store.accounts.findSignInRoute("hal@acme.com")).toBeUndefined();
    } finally {
      await idp.close();
    }
  });

  it("an address of the domain without an account goes to the workspace's SSO, which explains user_not_provisioned", async () => {
    const unknown = await t.query("auth.lookup", { email: "newhire@acme.com" });
    expect(unknown.data).toEqual({ password: true, sso: null });
    await verifyOwnership(acme, "acme.com");
    expect((await t.query("auth.lookup", { email: "newhire@acme.com" })).data).toEqual({ password: true, sso: null });
    const idp = await startHostileIdp(CLIENT_ID);
    try {
      await t.mutate("sso.save", { displayName: "Acme IdP", issuer: idp.issuer, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }, acme);
      expect((await t.query("auth.lookup", { email: "NewHire@acme.com" })).data).toEqual({ password: false, sso: { name: "Acme IdP" } });
      idp.signInAs("newhire@acme.com");
      const { location } = await attemptSsoViaAutoIdp(t, "newhire@acme.com");
      expect(ssoErrorOf(location)).toBe("user_not_provisioned");
      expect((await t.query("auth.lookup", { email: "someone@elsewhere.io" })).data).toEqual({ password: true, sso: null });
    } finally {
      await idp.close();
    }
  });

  it("removing the domain frees its addresses again", async () => {
    await verifyOwnership(acme, "acme.com");
    expect((await t.mutate("domains.remove", { domain: "acme.com" }, acme)).status).toBe(200);
    expect((await t.mutate("team.invite", { email: "bob@acme.com", role: "member" }, squat)).status).toBe(200);
    expect((await t.mutate("domains.remove", { domain: "acme.com" }, acme)).status).toBe(404);
  });
});

describe("the periodic re-check", () => {
  it("keeps a verification while the record stays, and through a DNS outage", async () => {
    await verifyOwnership(acme, "acme.com");
    const later = Date.now() + RECHECK_AFTER_MS + 60_000;
    expect(await recheckDomains(t.deps, later)).toEqual({ confirmed: 1, missing: 0, lost: 0, unreachable: 0 });
    dns.fail("_jams-imes-challenge.acme.com");
    expect(await recheckDomains(t.deps, later + RECHECK_GRACE_MS * 2)).toEqual({ confirmed: 0, missing: 0, lost: 0, unreachable: 1 });
    expect((await domainsOf(acme))[0]?.verifiedAt).not.toBeNull();
  });

  it("withdraws it once the record has been gone for longer than the grace period, and the domain is free", async () => {
    await verifyOwnership(acme, "acme.com");
    dns.remove("_jams-imes-challenge.acme.com");
    const start = Date.now();
    expect(await recheckDomains(t.deps, start + RECHECK_AFTER_MS + 60_000)).toMatchObject({ missing: 1, lost: 0 });
    expect((await domainsOf(acme))[0]?.verifiedAt).not.toBeNull();
    expect(await recheckDomains(t.deps, start + RECHECK_GRACE_MS + 60_000)).toMatchObject({ missing: 0, lost: 1 });
    expect((await domainsOf(acme))[0]?.verifiedAt).toBeNull();
    const trail = await t.query<{ events: Array<{ type: string }> }>("audit.list", { category: "changes" }, acme);
    expect(trail.data.events[0]?.type).toBe("domain.verification_lost");
    expect((await t.mutate("team.invite", { email: "bob@acme.com", role: "member" }, squat)).status).toBe(200);
  });
});
