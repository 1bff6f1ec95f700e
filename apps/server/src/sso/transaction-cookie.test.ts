import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { openTransaction, sealTransaction } from "./transaction-cookie.ts";

const secret = new Uint8Array(randomBytes(32));
const transaction = {
  state: "state-1",
  nonce: "nonce-1",
  codeVerifier: "v".repeat(43),
  tenantId: "tenant-a",
  issuer: "https://idp.example",
  returnTo: null,
};

afterEach(() => vi.useRealTimers());

describe("SSO transaction cookie", () => {
  it("round-trips and hides its contents", async () => {
    const sealed = await sealTransaction(transaction, secret);
    expect(sealed).not.toContain("state-1");
    expect(Buffer.from(sealed.split(".").join(""), "base64url").toString("latin1")).not.toContain("vvvv");
    expect(await openTransaction(sealed, secret)).toEqual(transaction);
  });

  it("cannot be opened with another JWT secret or after tampering", async () => {
    const sealed = await sealTransaction(transaction, secret);
    expect(await openTransaction(sealed, new Uint8Array(randomBytes(32)))).toBeNull();
    expect(await openTransaction(`${sealed.slice(0, -3)}AAA`, secret)).toBeNull();
    expect(await openTransaction(undefined, secret)).toBeNull();
  });

  it("expires after 5 minutes", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const sealed = await sealTransaction(transaction, secret);
    vi.setSystemTime(Date.now() + 4 * 60 * 1000);
    expect(await openTransaction(sealed, secret)).toEqual(transaction);
    vi.setSystemTime(Date.now() + 2 * 60 * 1000);
    expect(await openTransaction(sealed, secret)).toBeNull();
  });
});
