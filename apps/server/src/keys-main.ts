import { randomBytes, timingSafeEqual } from "node:crypto";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { openStore, type Store } from "@jams/db";
import type { AppConfig } from "./config.ts";
import { EnvError, loadConfig } from "./env.ts";
import { createAzureKeyWrapper } from "./keys/azure-key-wrapper.ts";
import { RotationError, resealUnder, rewrapDataKeys, rotateDataKey } from "./keys/data-key-rotation.ts";
import { KeyWrapperError } from "./keys/key-wrapper.ts";

/**
 * `npm run keys:check`, `keys:rewrap` and `keys:rotate` (SPEC §11, docs/deploy.md): the vault key
 * checked before a deployment, and key rotation as a release step. Each prints one line of outcome;
 * none ever prints key material.
 */
const counted = (count: number, noun: string) => `${count} ${noun}${count === 1 ? "" : "s"}`;

function azureKeyIdOf(config: AppConfig, command: string): string {
  if (config.keyProvider.kind !== "azure-key-vault") {
    throw new EnvError(`keys:${command} needs SSO_KEY_PROVIDER=azure-key-vault: keys from the environment are not wrapped`);
  }
  return config.keyProvider.keyId;
}

/** Wraps a throwaway key with the vault key's current version and unwraps it: the permissions and network path the server needs. */
async function check(config: AppConfig): Promise<string> {
  const wrapper = createAzureKeyWrapper(azureKeyIdOf(config, "check"));
  const kid = await wrapper.currentKid();
  const probe = new Uint8Array(randomBytes(32));
  const unwrapped = await wrapper.unwrap(kid, await wrapper.wrap(kid, probe));
  if (!timingSafeEqual(unwrapped, probe)) throw new KeyWrapperError(`Azure Key Vault key ${kid} unwrapped something else than it wrapped`);
  return `Azure Key Vault key ${kid} wraps and unwraps: the server can use it`;
}

async function rewrap(config: AppConfig, store: Store): Promise<string> {
  const { kid, rewrapped, total } = await rewrapDataKeys(store.keys, createAzureKeyWrapper(azureKeyIdOf(config, "rewrap")));
  return `Rewrapped ${counted(rewrapped, "data key")} with ${kid} (${total - rewrapped} already ${total - rewrapped === 1 ? "was" : "were"})`;
}

async function rotate(config: AppConfig, store: Store): Promise<string> {
  if (config.keyProvider.kind === "env") {
    const resealed = await store.keys.resealClientSecrets(resealUnder(config.ssoEncryptionKeys));
    return `Resealed ${counted(resealed, "client secret")} under SSO_ENCRYPTION_KEY (key id ${config.ssoEncryptionKeys.currentKeyId})`;
  }
  const wrapper = createAzureKeyWrapper(config.keyProvider.keyId);
  const { keyId, resealed, deleted } = await rotateDataKey(store.keys, wrapper, config.ssoEncryptionKeys.keys);
  return `Rotated the data key: ${counted(resealed, "client secret")} resealed under data key ${keyId}, ${counted(deleted, "old data key")} deleted`;
}

const commands: Record<string, (config: AppConfig, store: Store) => Promise<string>> = { check, rewrap, rotate };

const name = process.argv[2] ?? "";
const command = commands[name];
if (!command) {
  process.stderr.write(`Usage: keys-main.ts ${Object.keys(commands).join("|")}\n`);
  process.exit(2);
}
let store: Store | undefined;
try {
  const config = loadConfig();
  if (config.database.dialect === "sqlite") mkdirSync(dirname(config.database.path), { recursive: true });
  store = await openStore(config.database, { poolMax: 1 });
  process.stdout.write(`${await command(config, store)}\n`);
} catch (error) {
  const isExplained = error instanceof EnvError || error instanceof KeyWrapperError || error instanceof RotationError;
  process.stderr.write(`${isExplained ? error.message : `keys:${name} failed: ${(error as Error).message}`}\n`);
  process.exitCode = 1;
} finally {
  await store?.close();
}
