import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalDns, startLocalDns } from "../test-support/local-dns.ts";
import { createTxtLookup, type TxtLookup } from "./txt-lookup.ts";

let dns: LocalDns;
let lookupTxt: TxtLookup;
beforeAll(async () => {
  dns = await startLocalDns();
  lookupTxt = createTxtLookup([dns.server]);
});
afterAll(async () => dns.close());

describe("TXT lookups through node:dns", () => {
  it("answers every record, a long one joined from its 255-byte strings", async () => {
    const long = "x".repeat(600);
    dns.setTxt("_jams-imes-challenge.acme.com", ["one", long]);
    expect(await lookupTxt("_jams-imes-challenge.ACME.com")).toEqual({ kind: "records", values: ["one", long] });
  });

  it("tells a name without TXT records and a name that does not exist apart from DNS failing", async () => {
    dns.setTxt("empty.acme.com", []);
    expect(await lookupTxt("empty.acme.com")).toEqual({ kind: "none" });
    expect(await lookupTxt("nowhere.acme.com")).toEqual({ kind: "none" });
    dns.fail("broken.acme.com");
    expect(await lookupTxt("broken.acme.com")).toEqual({ kind: "unreachable", code: "ESERVFAIL" });
  });
});
