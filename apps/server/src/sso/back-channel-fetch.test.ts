import { createServer, type Server } from "node:http";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BackChannelError, createBackChannelFetch } from "./back-channel-fetch.ts";

let server: Server;
let origin: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    switch (req.url) {
      case "/json":
        res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
        return;
      case "/redirect":
        res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data" }).end();
        return;
      case "/huge":
        res.writeHead(200, { "content-type": "application/json" });
        res.end("x".repeat(2 * 1024 * 1024));
        return;
      case "/gzip":
        res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" }).end(gzipSync("0".repeat(10_000_000)));
        return;
      default:
        res.writeHead(200);
        res.write("{");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const problemOf = (promise: Promise<unknown>) =>
  promise.then(
    () => "resolved",
    (error: unknown) => (error instanceof BackChannelError ? error.problem : String(error)),
  );

describe("back-channel fetch", () => {
  const insecure = createBackChannelFetch({ allowInsecure: true, timeoutMs: 300 });
  const strict = createBackChannelFetch({ allowInsecure: false, timeoutMs: 300 });

  it("fetches JSON when allowed", async () => {
    expect(await (await insecure(`${origin}/json`)).json()).toEqual({ ok: true });
  });

  it("never follows a redirect", async () => {
    const response = await insecure(`${origin}/redirect`);
    expect(response.status).toBe(302);
  });

  it("stops reading past 1 MiB and refuses compressed bodies (no gzip bombs)", async () => {
    expect(await problemOf(insecure(`${origin}/huge`))).toBe("too_large");
    expect(await problemOf(insecure(`${origin}/gzip`))).toBe("encoded");
  });

  it("gives up when the answer does not finish in time", async () => {
    expect(await problemOf(insecure(`${origin}/slow`))).toBe("timeout");
  });

  it("refuses http and non-public destinations unless allowed", async () => {
    expect(await problemOf(strict(`${origin}/json`))).toBe("forbidden_url");
    expect(await problemOf(strict("https://127.0.0.1/x"))).toBe("forbidden_address");
    expect(await problemOf(strict("https://[::ffff:127.0.0.1]/x"))).toBe("forbidden_address");
    expect(await problemOf(strict("https://2130706433/x"))).toBe("forbidden_address");
    expect(await problemOf(strict("https://localhost/x"))).toBe("forbidden_address");
  });
});

describe("the production policy (insecure issuers off, no test overrides)", () => {
  /** A resolver that answers every name with these addresses, and records which names were asked. */
  function resolverAnswering(addresses: string[]) {
    const asked: string[] = [];
    const lookup = ((
      hostname: string,
      _options: unknown,
      callback: (error: null, answer: Array<{ address: string; family: number }>) => void,
    ) => {
      asked.push(hostname);
      callback(
        null,
        addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 })),
      );
    }) as unknown as typeof import("node:dns").lookup;
    return { lookup, asked };
  }
  const production = (addresses: string[]) => {
    const resolver = resolverAnswering(addresses);
    return { fetch: createBackChannelFetch({ allowInsecure: false, lookup: resolver.lookup, timeoutMs: 500 }), asked: resolver.asked };
  };

  it.each([
    ["http, even to a public address", "http://idp.example/.well-known/openid-configuration", "forbidden_url"],
    ["a port other than 443 and 8443", "https://idp.example:8080/.well-known/openid-configuration", "forbidden_url"],
    ["a loopback IP literal", "https://127.0.0.1/jwks", "forbidden_address"],
    ["a link-local metadata address", "https://169.254.169.254/latest/meta-data", "forbidden_address"],
  ])("refuses %s before connecting", async (_name, url, problem) => {
    const { fetch, asked } = production(["93.184.216.34"]);
    expect(await problemOf(fetch(url))).toBe(problem);
    expect(asked).toEqual([]);
  });

  it.each([
    ["one internal address among public ones", ["93.184.216.34", "10.0.0.5"]],
    ["an internal address first", ["127.0.0.1", "93.184.216.34"]],
    ["only internal addresses", ["192.168.1.10"]],
    ["an IPv4-mapped loopback", ["::ffff:127.0.0.1"]],
  ])("refuses a host whose DNS answer has %s", async (_name, addresses) => {
    const { fetch, asked } = production(addresses);
    expect(await problemOf(fetch("https://idp.example/jwks"))).toBe("forbidden_address");
    expect(asked).toEqual(["idp.example"]);
  });

  it("lets a public host on 8443 through to the connection (which then fails here: the machine has no internet)", async () => {
    const { fetch, asked } = production(["93.184.216.34"]);
    expect(await problemOf(fetch("https://idp.example:8443/jwks"))).not.toMatch(/^forbidden/);
    expect(asked).toEqual(["idp.example"]);
  });
});
