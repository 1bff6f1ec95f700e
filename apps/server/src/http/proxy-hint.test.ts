import { describe, expect, it } from "vitest";
import { createServedTestApp } from "../test-support/served-test-app.ts";

describe("a server behind a proxy without TRUST_PROXY", () => {
  it("says in the log that TRUST_PROXY looks needed, once, when every request comes from one private address with X-Forwarded-For", async () => {
    const served = await createServedTestApp();
    try {
      for (let index = 0; index < 105; index++) {
        await fetch(`${served.baseUrl}/healthz`, { headers: { "x-forwarded-for": `203.0.113.${index % 250}` } });
      }
      expect(served.logs.filter((line) => line.includes('"event":"server.trust_proxy_suggested"'))).toHaveLength(1);
    } finally {
      await served.close();
    }
  });

  it("says nothing when TRUST_PROXY is set", async () => {
    const served = await createServedTestApp({ trustProxy: true });
    try {
      for (let index = 0; index < 105; index++) await fetch(`${served.baseUrl}/healthz`, { headers: { "x-forwarded-for": "203.0.113.9" } });
      expect(served.logs.filter((line) => line.includes("trust_proxy_suggested"))).toHaveLength(0);
    } finally {
      await served.close();
    }
  });
});
