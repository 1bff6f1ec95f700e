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
