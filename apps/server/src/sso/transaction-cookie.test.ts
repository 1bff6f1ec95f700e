import { createHmac, hkdfSync, randomBytes } from "node:crypto";
import { SignJWT } from "jose";
import { afterEach, describe, expect, it, vi } from "vitest";
import { newTransaction, openTransaction, sealTransaction } from "./transaction-cookie.ts";

const secret = new Uint8Array(randomBytes(32));
const target = { tenantId: "tenant-a", issuer: "https://idp.example", returnTo: "/team", testedBy: null };

const payloadOf = (sealed: string) =>
  JSON.parse(Buffer.from(sealed.split(".")[1] ?? "", "base64url").toString()) as Record<string, unknown>;
const withPayload = (sealed: string, payload: Record<string, unknown>) => {
  const [header, , signature] = sealed.split(".");
  return `${header}.${Buffer.from(JSON.stringify(payload)).toString("base64url")}.${signature}`;
};

/** The same claims and key, but typed as a plain JWT: a transaction must carry its own type. */
async function sessionShapedToken(sealed: string) {
  const key = await crypto.subtle.importKey("raw", transactionSigningKey(), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return new SignJWT(payloadOf(sealed)).setProtectedHeader({ alg: "HS256", typ: "JWT" }).sign(key);
}
const transactionSigningKey = () => Buffer.from(hkdfSync("sha256", secret, "", "jams-imes sso transaction signing v2", 32));

afterEach(() => vi.useRealTimers());

describe("SSO transaction cookie", () => {
  it("round-trips, and carries neither the nonce nor the PKCE verifier", async () => {
    const transaction = newTransaction(target, secret);
    const sealed = sealTransaction(transaction, secret);
    expect(await openTransaction(sealed, secret)).toEqual(transaction);
    const decoded = Buffer.from(sealed.split(".").join(""), "base64url").toString("latin1");
    expect(sealed).not.toContain(transaction.nonce);
    expect(sealed).not.toContain(transaction.codeVerifier);
    expect(decoded).not.toContain(transaction.codeVerifier);
  });

  it("carries who runs a Test sign-in, so its callback signs nobody in", async () => {
    const transaction = newTransaction({ ...target, testedBy: "admin-1" }, secret);
    expect(await openTransaction(sealTransaction(transaction, secret), secret)).toEqual(transaction);
  });

  it("gives every transaction its own 256-bit state, nonce and 43-character PKCE verifier", () => {
    const first = newTransaction(target, secret);
    const second = newTransaction(target, secret);
    expect(first.state).toMatch(/^[\w-]{43}$/);
    expect(first.codeVerifier).toMatch(/^[\w-]{43}$/);
    expect(new Set([first.state, first.nonce, first.codeVerifier, second.state, second.nonce, second.codeVerifier]).size).toBe(6);
  });

  it("derives nonce and verifier with a key only the server has", async () => {
    const transaction = newTransaction(target, secret);
    const otherSecret = new Uint8Array(randomBytes(32));
    const guessed = createHmac("sha256", otherSecret).update(`pkce.${transaction.state}`).digest("base64url");
    expect(guessed).not.toBe(transaction.codeVerifier);
    expect(newTransaction(target, otherSecret).codeVerifier).not.toBe(transaction.codeVerifier);
  });

  it("cannot be opened with another JWT secret, after tampering, or with its signature stripped", async () => {
    const sealed = sealTransaction(newTransaction(target, secret), secret);
    expect(await openTransaction(sealed, new Uint8Array(randomBytes(32)))).toBeNull();
    expect(await openTransaction(`${sealed.slice(0, -3)}AAA`, secret)).toBeNull();
    expect(await openTransaction(withPayload(sealed, { ...payloadOf(sealed), tid: "tenant-b" }), secret)).toBeNull();
    expect(await openTransaction(withPayload(sealed, { ...payloadOf(sealed), rt: "//evil.example" }), secret)).toBeNull();
    const unsigned = `${Buffer.from('{"alg":"none"}').toString("base64url")}.${sealed.split(".")[1]}.`;
    expect(await openTransaction(unsigned, secret)).toBeNull();
    expect(await openTransaction(await sessionShapedToken(sealed), secret)).toBeNull();
    expect(await openTransaction(undefined, secret)).toBeNull();
  });

  it("expires after 5 minutes", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const transaction = newTransaction(target, secret);
    const sealed = sealTransaction(transaction, secret);
    vi.setSystemTime(Date.now() + 4 * 60 * 1000);
    expect(await openTransaction(sealed, secret)).toEqual(transaction);
    vi.setSystemTime(Date.now() + 2 * 60 * 1000);
    expect(await openTransaction(sealed, secret)).toBeNull();
  });
});
