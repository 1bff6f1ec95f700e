import { createHmac, randomBytes } from "node:crypto";
import { jwtVerify, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { isCurrent, jwsHeader, openHs256, signHs256 } from "./compact-jws.ts";

const key = new Uint8Array(randomBytes(32));
const HEADER = jwsHeader({ alg: "HS256", typ: "JWT" });
const now = Math.floor(Date.now() / 1000);
const payload = { sub: "u1", iat: now, exp: now + 60 };

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const mac = (input: string, secret: Uint8Array = key) => createHmac("sha256", secret).update(input).digest("base64url");

describe("HS256 compact JWS with node:crypto", () => {
  it("makes tokens any RFC 7515 implementation verifies (jose), and reads jose's own", async () => {
    const token = signHs256(HEADER, payload, key);
    const cryptoKey = await crypto.subtle.importKey("raw", key, { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
    expect((await jwtVerify(token, cryptoKey, { algorithms: ["HS256"] })).payload).toEqual(payload);
    const byJose = await new SignJWT(payload).setProtectedHeader({ alg: "HS256", typ: "JWT" }).sign(cryptoKey);
    expect(openHs256(byJose, HEADER, key)).toEqual(payload);
  });

  it.each([
    ["another key", () => signHs256(HEADER, payload, new Uint8Array(randomBytes(32)))],
    ["a changed payload", () => `${HEADER}.${b64({ ...payload, sub: "admin" })}.${signHs256(HEADER, payload, key).split(".")[2]}`],
    ["alg none", () => `${b64({ alg: "none", typ: "JWT" })}.${b64(payload)}.`],
    ["another typ, validly signed", () => signHs256(jwsHeader({ alg: "HS256", typ: "other+jwt" }), payload, key)],
    [
      "the same header with other spacing",
      () => {
        const header = Buffer.from('{"alg":"HS256", "typ":"JWT"}').toString("base64url");
        return `${header}.${b64(payload)}.${mac(`${header}.${b64(payload)}`)}`;
      },
    ],
    ["a truncated signature", () => signHs256(HEADER, payload, key).slice(0, -2)],
    ["two parts", () => `${HEADER}.${b64(payload)}`],
    ["a JSON array payload", () => `${HEADER}.${b64([1])}.${mac(`${HEADER}.${b64([1])}`)}`],
    ["a payload that is not JSON", () => `${HEADER}.bm90IGpzb24.${mac(`${HEADER}.bm90IGpzb24`)}`],
    ["an oversized token", () => `${HEADER}.${"A".repeat(5000)}.${mac("x")}`],
  ])("refuses %s", (_name, make) => {
    expect(openHs256(make(), HEADER, key)).toBeNull();
  });

  it("applies the time rules: expired, issued in the future, too old, or carrying nbf is not current", () => {
    expect(isCurrent(payload, now)).toBe(true);
    expect(isCurrent({ ...payload, exp: now }, now)).toBe(false);
    expect(isCurrent({ ...payload, iat: now + 31 }, now)).toBe(false);
    expect(isCurrent({ ...payload, iat: now + 29 }, now)).toBe(true);
    expect(isCurrent({ ...payload, iat: now - 301 }, now, 300)).toBe(false);
    expect(isCurrent({ ...payload, nbf: now }, now)).toBe(false);
    expect(isCurrent({ sub: "u1", exp: now + 60 }, now)).toBe(false);
    expect(isCurrent({ ...payload, exp: "tomorrow" }, now)).toBe(false);
  });
});
