import { execFile } from "node:child_process";
import { constants, generateKeyPairSync, type KeyObject, privateDecrypt, publicEncrypt, randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createTlsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Duplex } from "node:stream";
import { promisify } from "node:util";
import type { TokenCredential } from "@azure/identity";

/**
 * A STAND-IN for Azure Key Vault and the App Service managed-identity endpoint, for tests only:
 * it is not Azure. It speaks just the REST calls the real `@azure/keyvault-keys` and
 * `@azure/identity` SDKs make here (GET key, POST wrapkey and unwrapkey with RSA-OAEP-256, each
 * client's first request answered with the 401 bearer challenge; GET of a managed-identity token),
 * with RSA keys held in this process.
 *
 * One plain-http port on 127.0.0.1 serves three roles:
 * - the vault over http, for SDK clients in this process given `clientOptions`;
 * - the managed-identity token endpoint (`IDENTITY_ENDPOINT`, `IDENTITY_HEADER`);
 * - an HTTPS proxy that answers `CONNECT kv.localhost:443` only, tunnelling into an in-process TLS
 *   vault with a self-signed certificate made at start (its private key lives in a temporary
 *   directory until `close`). A production process reaches it through environment variables
 *   alone (`processEnv`), as it would reach a real vault: no option of the server changes.
 */
export interface KeyVaultStandIn {
  /** `http://127.0.0.1:<port>`: the plain-http vault, the token endpoint and the proxy. */
  origin: string;
  /** The vault a production process sees through the proxy. */
  vaultUrl: string;
  /** Adds a version to a key (creating the key), as rotating a Key Vault key does; returns the version. */
  addVersion(name: string): string;
  /** Operations answered with a refusal while listed: a 403 from the vault, a 400 from the token endpoint. */
  refused: Set<Operation>;
  /** Every request the vault and the token endpoint answered, in order. */
  requests: StandInRequest[];
  /** For SDK clients in this process: a token the vault accepts, and the options a plain-http vault needs. */
  credential: TokenCredential;
  clientOptions: { allowInsecureConnection: true; disableChallengeResourceVerification: true; retryOptions: { maxRetries: 0 } };
  /** The environment of a production process using this stand-in, blanking the parent's Azure and proxy settings. */
  processEnv(): Record<string, string>;
  close(): Promise<void>;
}

export type Operation = "get" | "wrapkey" | "unwrapkey" | "token";

export interface StandInRequest {
  operation: Operation;
  method: string;
  /** The path without the query, e.g. `/keys/kek/<version>/unwrapkey`. */
  path: string;
  hasToken: boolean;
  status: number;
}

/** A reserved name (RFC 6761): if the proxy variable were missing, a process could never reach a real host by it. */
const VAULT_HOST = "kv.localhost";
/** The challenge's resource: the SDK checks that the vault host ends with `.localhost`, as `*.vault.azure.net` would. */
const CHALLENGE_RESOURCE = "https://localhost";
const TENANT = "00000000-0000-0000-0000-000000000001";

/** Settings a test runner may carry that would send a child's Azure SDK elsewhere: blanked in `processEnv`. */
const INHERITED_AZURE_SETTINGS = [
  ...["https_proxy", "http_proxy", "HTTP_PROXY", "ALL_PROXY", "all_proxy", "no_proxy"],
  ...["IDENTITY_SERVER_THUMBPRINT", "MSI_ENDPOINT", "AZURE_CLIENT_ID", "AZURE_TENANT_ID", "AZURE_CLIENT_SECRET"],
  ...["AZURE_CLIENT_CERTIFICATE_PATH", "AZURE_FEDERATED_TOKEN_FILE", "AZURE_USERNAME"],
];

interface KeyVersion {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

const send = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  response.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  response.end(JSON.stringify(body));
};

/** Key Vault's error shape: `{ error: { code, message, innererror } }`; the SDK throws a `RestError` carrying code and message. */
const vaultError = (code: string, message: string, inner?: string) => ({
  error: { code, message, ...(inner ? { innererror: { code: inner } } : {}) },
});

const readBody = (request: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let body = "";
    request.on("data", (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on("end", () => resolve(body));
  });

/** A self-signed certificate for the vault host, made with openssl at test time (nothing secret is committed). */
async function makeCertificate(dir: string): Promise<{ certFile: string; cert: Buffer; key: Buffer }> {
  const certFile = join(dir, "cert.pem");
  const keyFile = join(dir, "key.pem");
  await promisify(execFile)("/usr/bin/openssl", [
    ...["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1"],
    ...["-keyout", keyFile, "-out", certFile, "-subj", `/CN=${VAULT_HOST}`, "-addext", `subjectAltName=DNS:${VAULT_HOST}`],
  ]);
  return { certFile, cert: readFileSync(certFile), key: readFileSync(keyFile) };
}

export async function startKeyVaultStandIn(): Promise<KeyVaultStandIn> {
  const dir = mkdtempSync(join(tmpdir(), "jams-kv-stand-in-"));
  const { certFile, cert, key } = await makeCertificate(dir);
  const token = `stand-in-${randomBytes(16).toString("hex")}`;
  const identityHeader = randomBytes(16).toString("hex");
  const keys = new Map<string, { versions: Map<string, KeyVersion>; latest: string }>();
  const refused = new Set<Operation>();
  const requests: StandInRequest[] = [];

  const addVersion = (name: string) => {
    const version = randomBytes(16).toString("hex");
    const entry = keys.get(name) ?? { versions: new Map<string, KeyVersion>(), latest: "" };
    entry.versions.set(version, generateKeyPairSync("rsa", { modulusLength: 2048 }));
    entry.latest = version;
    keys.set(name, entry);
    return version;
  };

  async function answerVault(request: IncomingMessage, response: ServerResponse, origin: string): Promise<void> {
    const url = new URL(request.url ?? "/", origin);
    const route = url.pathname.match(/^\/keys\/([^/]+)(?:\/([^/]*))?(?:\/(wrapkey|unwrapkey))?\/?$/);
    const operation: Operation = route?.[3] === "wrapkey" || route?.[3] === "unwrapkey" ? route[3] : "get";
    const body = await readBody(request);
    const hasToken = request.headers.authorization === `Bearer ${token}`;
    const answer = (status: number, payload: unknown, headers?: Record<string, string>) => {
      requests.push({ operation, method: request.method ?? "", path: url.pathname, hasToken, status });
      send(response, status, payload, headers);
    };
    if (!hasToken) {
      const challenge = `Bearer authorization="https://login.microsoftonline.com/${TENANT}", resource="${CHALLENGE_RESOURCE}"`;
      return answer(401, vaultError("Unauthorized", "AKV10000: Request is missing a Bearer or PoP token."), {
        "www-authenticate": challenge,
      });
    }
    if (!route || !url.searchParams.get("api-version")) return answer(400, vaultError("BadParameter", "Unknown request"));
    if (refused.has(operation)) {
      const permission = { get: "get", wrapkey: "wrapKey", unwrapkey: "unwrapKey" }[operation as Exclude<Operation, "token">];
      return answer(
        403,
        vaultError(
          "Forbidden",
          `The user, group or application 'appid=stand-in;oid=stand-in' does not have keys ${permission} permission on key vault 'stand-in'.`,
          "ForbiddenByPolicy",
        ),
      );
    }
    const [, name = "", requested = ""] = route;
    const entry = keys.get(name);
    const version = requested || entry?.latest || "";
    const keyVersion = entry?.versions.get(version);
    if (!keyVersion) return answer(404, vaultError("KeyNotFound", `A key with (name/id) ${name} was not found in this key vault.`));
    const kid = `${origin}/keys/${name}/${version}`;
    if (operation === "get") {
      const { n, e } = keyVersion.publicKey.export({ format: "jwk" });
      const now = Math.floor(Date.now() / 1000);
      return answer(200, {
        key: { kid, kty: "RSA", key_ops: ["wrapKey", "unwrapKey"], n, e },
        attributes: { enabled: true, created: now, updated: now },
      });
    }
    const { alg, value } = JSON.parse(body || "{}") as { alg?: string; value?: string };
    if (alg !== "RSA-OAEP-256" || !value) return answer(400, vaultError("BadParameter", "Only RSA-OAEP-256 with a value"));
    const oaep = (key: KeyObject) => ({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" });
    try {
      const input = Buffer.from(value, "base64url");
      const output =
        operation === "wrapkey" ? publicEncrypt(oaep(keyVersion.publicKey), input) : privateDecrypt(oaep(keyVersion.privateKey), input);
      return answer(200, { kid, value: output.toString("base64url") });
    } catch {
      return answer(400, vaultError("BadParameter", "The parameter is incorrect."));
    }
  }

  /** App Service's managed-identity endpoint (api-version 2019-08-01): a token for the requested resource. */
  function tokenAnswerOf(request: IncomingMessage, url: URL): [status: number, payload: unknown] {
    if (request.headers["x-identity-header"] !== identityHeader) return [401, { statusCode: 401, message: "Bad X-IDENTITY-HEADER" }];
    if (refused.has("token")) {
      return [400, { statusCode: 400, message: "Unable to load the proper Managed Identity.", correlationId: randomUUID() }];
    }
    const expiresOn = String(Math.floor(Date.now() / 1000) + 3600);
    return [200, { access_token: token, expires_on: expiresOn, resource: url.searchParams.get("resource"), token_type: "Bearer" }];
  }

  function answerToken(request: IncomingMessage, response: ServerResponse, url: URL): void {
    const [status, payload] = tokenAnswerOf(request, url);
    requests.push({ operation: "token", method: request.method ?? "", path: url.pathname, hasToken: false, status });
    send(response, status, payload);
  }

  const tlsVault = createTlsServer({ cert, key }, (request, response) => void answerVault(request, response, `https://${VAULT_HOST}`));
  const front = createServer((request, response) => {
    const url = new URL(request.url ?? "/", `http://${request.headers.host}`);
    if (request.url?.startsWith("http://") && url.host !== new URL(origin).host) {
      request.socket.destroy();
      return;
    }
    if (url.pathname === "/msi/token") return answerToken(request, response, url);
    void answerVault(request, response, origin);
  });
  /** Tunnels leave the HTTP server's bookkeeping, so `close` ends them itself (a failed TLS handshake can leave one open). */
  const tunnels = new Set<Duplex>();
  front.on("connect", (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (request.url !== `${VAULT_HOST}:443`) {
      socket.end("HTTP/1.1 403 Forbidden\r\n\r\n");
      return;
    }
    tunnels.add(socket);
    socket.on("close", () => tunnels.delete(socket));
    socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
    if (head.length > 0) socket.unshift(head);
    tlsVault.emit("connection", socket);
  });
  await new Promise<void>((resolve) => front.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;

  return {
    origin,
    vaultUrl: `https://${VAULT_HOST}`,
    addVersion,
    refused,
    requests,
    credential: { getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3_600_000 }) },
    clientOptions: { allowInsecureConnection: true, disableChallengeResourceVerification: true, retryOptions: { maxRetries: 0 } },
    processEnv: () => ({
      HTTPS_PROXY: origin,
      NO_PROXY: "127.0.0.1,localhost",
      NODE_EXTRA_CA_CERTS: certFile,
      IDENTITY_ENDPOINT: `${origin}/msi/token`,
      IDENTITY_HEADER: identityHeader,
      AZURE_TOKEN_CREDENTIALS: "ManagedIdentityCredential",
      ...Object.fromEntries(INHERITED_AZURE_SETTINGS.map((name) => [name, ""])),
    }),
    close: async () => {
      front.closeAllConnections();
      for (const tunnel of tunnels) tunnel.destroy();
      await new Promise((resolve) => front.close(resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
