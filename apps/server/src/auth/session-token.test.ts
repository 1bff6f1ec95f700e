import { randomBytes } from "node:crypto";
import { base64url, SignJWT, UnsecuredJWT } from "jose";
import { describe, expect, it } from "vitest";
import { signSessionToken, verifySessionToken } from "./session-token.ts";

const secret = new Uint8Array(randomBytes(32));
const claims = { userId: "u1", tenantId: "t1", role: "member" as const, method: "pwd" as const, sessionId: "s1" };

describe("session tokens", () => {
  it("round-trip their claims", async () => {
    expect(await verifySessionToken(await signSessionToken(claims, secret), secret)).toEqual(claims);
  });

  it("expire after 8 hours", async () => {
    const token = await signSessionToken(claims, secret);
    const payload = JSON.parse(new TextDecoder().decode(base64url.decode(token.split(".")[1] as string)));
    expect(payload.exp - payload.iat).toBe(8 * 60 * 60);
  });

  it("reject alg none", async () => {
    const unsigned = new UnsecuredJWT({ tid: "t1", role: "admin", method: "pwd", sid: "s1" })
      .setSubject("u1")
      .setIssuer("jams-imes")
      .setAudience("jams-imes:session")
      .setExpirationTime("1h")
      .encode();
    expect(await verifySessionToken(unsigned, secret)).toBeNull();
  });

  it("reject another key, an expired token and edited claims", async () => {
    expect(await verifySessionToken(await signSessionToken(claims, new Uint8Array(randomBytes(32))), secret)).toBeNull();
    const expired = await new SignJWT({ tid: "t1", role: "member", method: "pwd", sid: "s1" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("u1")
      .setIssuer("jams-imes")
      .setAudience("jams-imes:session")
      .setIssuedAt(Math.floor(Date.now() / 1000) - 9 * 3600)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(secret);
    expect(await verifySessionToken(expired, secret)).toBeNull();
    const [header, , signature] = (await signSessionToken(claims, secret)).split(".");
    const edited = base64url.encode(
      JSON.stringify({
        sub: "u1",
        tid: "t1",
        role: "admin",
        method: "pwd",
        sid: "s1",
        iss: "jams-imes",
        aud: "jams-imes:session",
        exp: 9e9,
      }),
    );
    expect(await verifySessionToken(`${header}.${edited}.${signature}`, secret)).toBeNull();
  });

  it("reject a token that names no server-side session (issued before sessions existed)", async () => {
    const withoutSession = await new SignJWT({ tid: "t1", role: "member", method: "pwd" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("u1")
      .setIssuer("jams-imes")
      .setAudience("jams-imes:session")
      .setExpirationTime("1h")
      .sign(secret);
    expect(await verifySessionToken(withoutSession, secret)).toBeNull();
  });
});
