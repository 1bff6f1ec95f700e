import { randomBytes } from "node:crypto";
import { openStore, type Store } from "@jams/db";
import { createTestDatabase, sqlOf, type TestDatabase, testDialect } from "@jams/db/test-support";
import { driveBrowserlessLogin, type LocalIdp, startLocalIdp } from "@jams/local-idp";
import { type KeyVaultStandIn, startKeyVaultStandIn } from "@jams/server/key-vault-stand-in";
import { runNpmScript, startProductionServer } from "@jams/server/server-process";
import { freePort } from "@jams/server/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpClientOf } from "./support/http-client.ts";

const CLIENT = { clientId: "jams-key-vault", clientSecret: "key-vault-Secret-9Wd" };

let standIn: KeyVaultStandIn;
let version: string;
let database: TestDatabase;
let store: Store;
let idp: LocalIdp;
let port: number;
let env: Record<string, string>;

/**
 * The production server (`npm start`'s bundle) with `SSO_KEY_PROVIDER=azure-key-vault`, the real
 * Azure SDKs and DefaultAzureCredential, reaching the Key Vault stand-in through nothing but its
 * environment: HTTPS_PROXY, NODE_EXTRA_CA_CERTS and the App Service managed-identity variables.
 * No SSO_ENCRYPTION_KEY is set.
 */
beforeAll(async () => {
  standIn = await startKeyVaultStandIn();
  version = standIn.addVersion("kek");
  database = await createTestDatabase();
  store = await openStore(database.location, { poolMax: 2 });
  port = await freePort();
  const publicUrl = `http://localhost:${port}`;
  idp = await startLocalIdp({
    clients: [{ ...CLIENT, redirectUris: [`${publicUrl}/auth/sso/callback`] }],
    accounts: [{ email: "admin@acme.com" }],
  });
  env = {
    DATABASE_URL: database.location.dialect === "sqlite" ? database.location.path : database.location.url,
    DATABASE_POOL_MAX: "4",
    PUBLIC_URL: publicUrl,
    JWT_SECRET: randomBytes(48).toString("base64url"),
    SSO_ALLOW_INSECURE_ISSUERS: "1",
    SSO_KEY_PROVIDER: "azure-key-vault",
    AZURE_KEY_VAULT_KEY_ID: `${standIn.vaultUrl}/keys/kek`,
    ...standIn.processEnv(),
  };
});

afterAll(async () => {
  await idp?.close();
  await store?.close();
  await database?.drop();
  await standIn?.close();
});

async function signInThroughSso(origin: string): Promise<string> {
  const client = httpClientOf(origin);
  const started = await client.startSso("admin@acme.com");
  const callback = await driveBrowserlessLogin(started.location, "admin@acme.com");
  return (await client.finishSso(callback, started.cookie)).location.pathname;
}

const vaultCalls = () => standIn.requests.map((request) => `${request.status} ${request.method} ${request.path}`);

/** What a start that must fail wrote: `startProductionServer` rejects with the exit code and all of stderr. */
async function failedStart(overrides: Record<string, string> = {}): Promise<string> {
  const error = await startProductionServer(port, { ...env, ...overrides }).then(
    async (server) => {
      await server.stop();
      throw new Error("the server started");
    },
    (failure: Error) => failure,
  );
  expect(error.message).not.toMatch(/stand-in-[0-9a-f]{32}/);
  return error.message;
}

/** `npm run keys:<command>` as an operator runs it, with the server's environment. */
const runKeysCommand = (command: "check" | "rewrap" | "rotate") => runNpmScript(`keys:${command}`, [], { NODE_ENV: "production", ...env });

describe(`a production server whose client-secret key is in Azure Key Vault (stand-in; ${testDialect === "postgres" ? "PostgreSQL" : "SQLite"})`, () => {
  it("creates a wrapped data key at first start, seals a saved secret under it, and signs in through SSO", async () => {
    const server = await startProductionServer(port, env);
    try {
      const client = httpClientOf(server.origin);
      const signup = await client.mutate<{ token: string }>("auth.signup", {
        workspaceName: "Acme",
        name: "Ann",
        email: "admin@acme.com",
        password: "correct horse battery staple",
      });
      expect((await client.mutate("sso.save", { displayName: "Local IdP", issuer: idp.issuer, ...CLIENT }, signup.data.token)).status).toBe(
        200,
      );
      expect(await signInThroughSso(`http://localhost:${port}`)).toBe("/login/sso");
    } finally {
      await server.stop();
    }
    const dataKeys = await store.keys.listDataKeys();
    expect(dataKeys).toMatchObject([{ wrappingKeyId: `https://kv.localhost/keys/kek/${version}`, isCurrent: true }]);
    const [config] = await sqlOf(store)<{ keyId: string }>(`select client_secret_key_id as "keyId" from sso_configs`);
    expect(config?.keyId).toBe(dataKeys[0]?.keyId);
    expect(standIn.requests.filter((request) => request.operation === "token").map((request) => request.status)).toEqual([200]);
    expect(vaultCalls()).toContain(`200 POST /keys/kek/${version}/wrapkey`);
    expect(vaultCalls()).toContain(`200 POST /keys/kek/${version}/unwrapkey`);
  });

  it("unwraps the stored data key with its recorded version when it starts again, and signs in", async () => {
    standIn.requests.length = 0;
    const server = await startProductionServer(port, env);
    try {
      expect(await signInThroughSso(`http://localhost:${port}`)).toBe("/login/sso");
    } finally {
      await server.stop();
    }
    expect(vaultCalls().filter((call) => call.includes("POST"))).toEqual([`200 POST /keys/kek/${version}/unwrapkey`]);
  });

  it("refuses to start, with exit code 1 and one line naming the cause, when the vault answers 403 to unwrapkey", async () => {
    standIn.refused.add("unwrapkey");
    try {
      expect(await failedStart()).toBe(
        `server exited with 1: Cannot unwrap the client-secret data key with Azure Key Vault key https://kv.localhost/keys/kek/${version}: ` +
          "Forbidden (403): The user, group or application 'appid=stand-in;oid=stand-in' does not have keys unwrapKey permission on key vault 'stand-in'.\n",
      );
    } finally {
      standIn.refused.clear();
    }
  });

  it("refuses to start when the managed-identity endpoint refuses a token", async () => {
    standIn.refused.add("token");
    try {
      expect(await failedStart()).toMatch(
        new RegExp(
          `^server exited with 1: Cannot unwrap the client-secret data key with Azure Key Vault key https://kv\\.localhost/keys/kek/${version}: ` +
            "no Azure token: ManagedIdentityCredential: .*Unable to load the proper Managed Identity\\..*\\n$",
        ),
      );
    } finally {
      standIn.refused.clear();
    }
  });

  it("refuses to start when the vault's TLS certificate is not trusted", async () => {
    expect(await failedStart({ NODE_EXTRA_CA_CERTS: "" })).toBe(
      `server exited with 1: Cannot unwrap the client-secret data key with Azure Key Vault key https://kv.localhost/keys/kek/${version}: ` +
        "DEPTH_ZERO_SELF_SIGNED_CERT: self-signed certificate\n",
    );
  });

  it("refuses to start on an empty database when the configured key does not exist", async () => {
    const empty = await createTestDatabase();
    try {
      const DATABASE_URL = empty.location.dialect === "sqlite" ? empty.location.path : empty.location.url;
      expect(await failedStart({ DATABASE_URL, AZURE_KEY_VAULT_KEY_ID: `${standIn.vaultUrl}/keys/nope` })).toBe(
        "server exited with 1: Cannot read Azure Key Vault key https://kv.localhost/keys/nope: " +
          "KeyNotFound (404): A key with (name/id) nope was not found in this key vault.\n",
      );
    } finally {
      await empty.drop();
    }
  });

  it("keys:check wraps and unwraps with the vault key before a deployment, and says why when it cannot", async () => {
    expect(await runKeysCommand("check")).toEqual({
      code: 0,
      stdout: `Azure Key Vault key https://kv.localhost/keys/kek/${version} wraps and unwraps: the server can use it\n`,
      stderr: "",
    });
    standIn.refused.add("token");
    try {
      const refused = await runKeysCommand("check");
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/^Cannot read Azure Key Vault key https:\/\/kv\.localhost\/keys\/kek: no Azure token: /);
    } finally {
      standIn.refused.clear();
    }
  });

  it("moves the data key to the vault key's new version (keys:rewrap), then to a new data key (keys:rotate), and starts and signs in after", async () => {
    const latest = standIn.addVersion("kek");
    expect(await runKeysCommand("rewrap")).toEqual({
      code: 0,
      stdout: `Rewrapped 1 data key with https://kv.localhost/keys/kek/${latest} (0 already were)\n`,
      stderr: "",
    });
    const [before] = await store.keys.listDataKeys();
    const rotated = await runKeysCommand("rotate");
    expect(rotated).toMatchObject({ code: 0, stderr: "" });
    expect(rotated.stdout).toMatch(/^Rotated the data key: 1 client secret resealed under data key \S+, 1 old data key deleted\n$/);
    const dataKeys = await store.keys.listDataKeys();
    expect(dataKeys).toMatchObject([{ wrappingKeyId: `https://kv.localhost/keys/kek/${latest}`, isCurrent: true }]);
    expect(dataKeys[0]?.keyId).not.toBe(before?.keyId);
    standIn.requests.length = 0;
    const server = await startProductionServer(port, env);
    try {
      expect(await signInThroughSso(`http://localhost:${port}`)).toBe("/login/sso");
    } finally {
      await server.stop();
    }
    expect(vaultCalls().filter((call) => call.includes("POST"))).toEqual([`200 POST /keys/kek/${latest}/unwrapkey`]);
  });
});
