import { createServer, type Server } from "node:http";
import { gzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type HostileIdp, startHostileIdp } from "../../test-support/hostile-idp.ts";
import {
  attemptSsoViaAutoIdp,
  CLIENT_ID,
  CLIENT_SECRET,
  handoffCodeOf,
  ssoErrorOf,
  tenantUsingIssuer,
} from "../../test-support/sso-harness.ts";
import { createTestApp, signUpWorkspace, type TestApp } from "../../test-support/test-app.ts";

/**
 * Insecure issuers are OFF here. The IdP plays a "public" host on 127.0.0.2 (the only address
 * this test's policy lets through); a victim service on 127.0.0.1 stands for everything internal
 * (loopback, metadata services): it must never receive a single request.
 */
const IDP_HOST = "127.0.0.2";
let t: TestApp;
let idp: HostileIdp;
let victim: Server;
let victimHits: string[];
let victimPort: number;

beforeEach(async () => {
  victimHits = [];
  victim = createServer((req, res) => {
    victimHits.push(req.url ?? "");
    res.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
  await new Promise<void>((resolve) => victim.listen(0, "127.0.0.1", resolve));
  victimPort = (victim.address() as { port: number }).port;
  t = await createTestApp(
    { allowInsecureIssuers: false },
    { backChannel: { allowHttp: true, allowAnyPort: true, isAllowedAddress: (address) => address === IDP_HOST, timeoutMs: 500 } },
  );
  idp = await startHostileIdp(CLIENT_ID, {}, IDP_HOST);
  await tenantUsingIssuer(t, idp.issuer);
});
afterEach(async () => {
  await idp.close();
  victim.closeAllConnections();
  await victim.close();
  await t.close();
});

const internalSpellings = () => [
  `http://127.0.0.1:${victimPort}`,
  `http://localhost:${victimPort}`,
  `http://[::ffff:127.0.0.1]:${victimPort}`,
  `http://[::ffff:7f00:1]:${victimPort}`,
  `http://2130706433:${victimPort}`,
  `http://0x7f.1:${victimPort}`,
  `http://[::1]:${victimPort}`,
];

async function expectUnavailable() {
  const { location } = await attemptSsoViaAutoIdp(t, "user@acme.com");
  expect(ssoErrorOf(location)).toBe("sso_idp_unavailable");
  expect(await t.sql("select * from sso_handoffs")).toHaveLength(0);
}

describe("SSRF: issuers and metadata endpoints pointing inside", () => {
  it("control: the allowed IdP host signs in", async () => {
    expect(handoffCodeOf((await attemptSsoViaAutoIdp(t, "user@acme.com")).location)).toBeTruthy();
  });

  it("refuses to save an issuer on an internal address, in any spelling", async () => {
    const admin = await signUpWorkspace(t, "admin@globex.com", "Globex");
    for (const issuer of internalSpellings()) {
      const answer = await t.mutate("sso.save", { displayName: "x", issuer, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }, admin);
      expect(answer.error?.data.fieldErrors?.issuer?.[0], issuer).toMatch(/couldn't load/);
    }
    expect(victimHits).toEqual([]);
  });

  it("refuses a discovery document that redirects inside", async () => {
    const admin = await signUpWorkspace(t, "admin@globex.com", "Globex");
    const server = await startRedirector(`http://127.0.0.1:${victimPort}/.well-known/openid-configuration`);
    try {
      const issuer = `http://${IDP_HOST}:${server.port}`;
      const answer = await t.mutate("sso.save", { displayName: "x", issuer, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }, admin);
      expect(answer.error?.data.fieldErrors?.issuer?.[0]).toBeTruthy();
    } finally {
      server.close();
    }
    expect(victimHits).toEqual([]);
  });

  it.each(["token_endpoint", "jwks_uri", "userinfo_endpoint"])("refuses a %s on an internal address at connect time", async (endpoint) => {
    for (const target of internalSpellings()) {
      t.deps.sso.metadata.forget(idp.issuer);
      idp.behave({
        discovery: (base) => ({ ...base, [endpoint]: `${target}/steal` }),
        idTokenClaims: endpoint === "userinfo_endpoint" ? ({ email: _e, ...claims }) => claims : undefined,
      });
      await expectUnavailable();
    }
    expect(victimHits).toEqual([]);
  });

  it("never follows a token endpoint's redirect (the secret is sent once, to the token endpoint)", async () => {
    idp.behave({
      tokenResponse: (_base, res) => {
        res.writeHead(307, { location: `http://127.0.0.1:${victimPort}/token` }).end();
        return undefined;
      },
    });
    await expectUnavailable();
    expect(victimHits).toEqual([]);
  });
});

describe("discovery: an authorization endpoint that would mislead the browser", () => {
  it.each([
    ["with a fragment (our parameters would never reach the IdP)", (endpoint: string) => `${endpoint}#part`],
    ["that is not a URL", () => "not a url"],
    ["with a javascript: scheme", () => "javascript:alert(1)"],
  ])("is refused when the config is saved: one %s", async (_what, endpointOf) => {
    idp.behave({ discovery: (base) => ({ ...base, authorization_endpoint: endpointOf(base.authorization_endpoint as string) }) });
    t.deps.sso.metadata.forget(idp.issuer);
    const admin = await signUpWorkspace(t, "owner@other.test", "Other");
    const answer = await t.mutate(
      "sso.save",
      { displayName: "x", issuer: idp.issuer, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
      admin,
    );
    expect(answer.error?.data.fieldErrors?.issuer?.[0]).toBeTruthy();
    expect(await t.sql("select * from sso_configs")).toHaveLength(1);
  });
});

describe("DoS: slow, endless, huge and compressed answers", () => {
  it("gives up on a token endpoint that never answers", async () => {
    idp.behave({ tokenResponse: () => undefined });
    await expectUnavailable();
  });

  it("stops reading an endless token response", async () => {
    idp.behave({
      tokenResponse: (_base, res) => {
        res.writeHead(200, { "content-type": "application/json" });
        const timer = setInterval(() => res.write("x".repeat(64 * 1024)), 1);
        res.on("close", () => clearInterval(timer));
        return undefined;
      },
    });
    await expectUnavailable();
  });

  it("refuses a JWKS larger than 1 MiB", async () => {
    idp.behave({ jwks: (base) => ({ ...base, padding: "x".repeat(1024 * 1024 + 1) }) });
    await expectUnavailable();
  });

  it("refuses a gzip bomb instead of inflating it", async () => {
    idp.behave({
      tokenResponse: (_base, res) => {
        res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" }).end(gzipSync("0".repeat(20_000_000)));
        return undefined;
      },
    });
    await expectUnavailable();
  });

  it("treats garbage from the token endpoint as unavailable", async () => {
    idp.behave({
      tokenResponse: (_base, res) => {
        res.writeHead(200, { "content-type": "application/json" }).end("<html>not json");
        return undefined;
      },
    });
    await expectUnavailable();
  });
});

async function startRedirector(target: string) {
  const server = createServer((_req, res) => res.writeHead(302, { location: target }).end());
  await new Promise<void>((resolve) => server.listen(0, IDP_HOST, resolve));
  return { port: (server.address() as { port: number }).port, close: () => server.close() };
}
