import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from "jose";

/** One request the hostile IdP received, kept so tests can check where the client secret went. */
export interface ReceivedRequest {
  path: string;
  authorization: string | undefined;
  body: string;
}

export interface TokenContext {
  issuer: string;
  clientId: string;
  nonce: string;
  /** Signs claims with the IdP's published key (RS256, with its kid). */
  sign: (claims: JWTPayload, header?: Record<string, unknown>) => Promise<string>;
}

/** Each endpoint's answer can be replaced per test; the defaults are a well-behaved OpenID Provider. */
export interface HostileBehaviour {
  discovery?: (base: Record<string, unknown>) => Record<string, unknown>;
  jwks?: (base: { keys: JWK[] }) => unknown;
  idTokenClaims?: (base: JWTPayload, ctx: TokenContext) => JWTPayload;
  idToken?: (claims: JWTPayload, ctx: TokenContext) => Promise<string>;
  tokenResponse?: (base: Record<string, unknown>, res: ServerResponse) => Record<string, unknown> | undefined;
  userinfo?: (base: Record<string, unknown>) => Record<string, unknown>;
  /** Extra query parameters (or replacements) on the redirect back to the app. */
  authorizeRedirect?: (params: URLSearchParams) => void;
}

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => resolve(body));
  });

/**
 * A small OpenID Provider built with jose whose every endpoint can be made to misbehave:
 * the attacker's IdP of the security tests. Its authorization endpoint signs the user in at
 * once, as `email` (default `user@acme.com`), and redirects back.
 */
export async function startHostileIdp(clientId: string, behaviour: HostileBehaviour = {}, host = "127.0.0.1") {
  const newSigningKey = async () => {
    const pair = await generateKeyPair("RS256");
    const kid = `key-${randomBytes(4).toString("hex")}`;
    return { privateKey: pair.privateKey, kid, publicJwk: { ...(await exportJWK(pair.publicKey)), kid, alg: "RS256", use: "sig" } };
  };
  const keys = [await newSigningKey()];
  const received: ReceivedRequest[] = [];
  const nonces = new Map<string, string>();
  const state = { behaviour, email: "user@acme.com" as unknown, sub: "hostile-sub-1", emailVerified: true as unknown };
  let issuer = "";

  const sign = (claims: JWTPayload, header: Record<string, unknown> = {}) => {
    const current = keys[0] as Awaited<ReturnType<typeof newSigningKey>>;
    return new SignJWT(claims).setProtectedHeader({ alg: "RS256", kid: current.kid, ...header }).sign(current.privateKey);
  };

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", issuer);
    const body = await readBody(req);
    received.push({ path: url.pathname, authorization: req.headers.authorization, body });
    const b = state.behaviour;
    switch (url.pathname) {
      case "/.well-known/openid-configuration": {
        const base = {
          issuer,
          authorization_endpoint: `${issuer}/authorize`,
          token_endpoint: `${issuer}/token`,
          userinfo_endpoint: `${issuer}/userinfo`,
          jwks_uri: `${issuer}/jwks`,
          response_types_supported: ["code"],
          id_token_signing_alg_values_supported: ["RS256"],
          authorization_response_iss_parameter_supported: true,
        };
        return json(res, 200, b.discovery ? b.discovery(base) : base);
      }
      case "/jwks": {
        const base = { keys: keys.map((key) => key.publicJwk) };
        return json(res, 200, b.jwks ? b.jwks(base) : base);
      }
      case "/authorize": {
        const code = randomBytes(16).toString("base64url");
        nonces.set(code, url.searchParams.get("nonce") ?? "");
        const back = new URL(url.searchParams.get("redirect_uri") ?? "");
        back.searchParams.set("code", code);
        back.searchParams.set("state", url.searchParams.get("state") ?? "");
        back.searchParams.set("iss", issuer);
        b.authorizeRedirect?.(back.searchParams);
        res.writeHead(302, { location: back.toString() }).end();
        return;
      }
      case "/token": {
        const code = new URLSearchParams(body).get("code") ?? "";
        const ctx: TokenContext = { issuer, clientId, nonce: nonces.get(code) ?? "", sign };
        const now = Math.floor(Date.now() / 1000);
        const baseClaims: JWTPayload = {
          iss: issuer,
          aud: clientId,
          sub: state.sub,
          iat: now,
          exp: now + 300,
          nonce: ctx.nonce,
          email: state.email as string,
          email_verified: state.emailVerified as boolean,
        };
        const claims = b.idTokenClaims ? b.idTokenClaims(baseClaims, ctx) : baseClaims;
        const idToken = b.idToken ? await b.idToken(claims, ctx) : await sign(claims);
        const base = { access_token: randomBytes(16).toString("base64url"), token_type: "Bearer", expires_in: 300, id_token: idToken };
        const answer = b.tokenResponse ? b.tokenResponse(base, res) : base;
        if (answer) json(res, 200, answer);
        return;
      }
      case "/userinfo": {
        const base = { sub: state.sub, email: state.email, email_verified: state.emailVerified };
        return json(res, 200, b.userinfo ? b.userinfo(base) : base);
      }
      default:
        return json(res, 404, { error: "not_found" });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  issuer = `http://${host}:${(server.address() as { port: number }).port}`;

  return {
    get issuer() {
      return issuer;
    },
    received,
    /** Who the IdP says signed in. */
    signInAs(email: unknown, options: { emailVerified?: unknown; sub?: string } = {}) {
      state.email = email;
      state.emailVerified = "emailVerified" in options ? options.emailVerified : true;
      if (options.sub) state.sub = options.sub;
    },
    /** A new signing key (new kid) signs from now on; the old public key stays published. */
    async rotateKey() {
      keys.unshift(await newSigningKey());
    },
    /** Signs claims with the IdP's current key, as its token endpoint does (e.g. a logout token). */
    sign,
    countOf: (path: string) => received.filter((request) => request.path === path).length,
    behave(next: HostileBehaviour) {
      state.behaviour = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type HostileIdp = Awaited<ReturnType<typeof startHostileIdp>>;
