import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { openStore, type Store } from "@jams/db";
import type { AppConfig } from "./config.ts";
import { EnvError, loadConfig } from "./env.ts";
import { createAzureKeyWrapper } from "./keys/azure-key-wrapper.ts";
import { RotationError, resealUnder, rewrapDataKeys, rotateDataKey } from "./keys/data-key-rotation.ts";
import { KeyWrapperError } from "./keys/key-wrapper.ts";

/**
 * `npm run keys:rewrap` and `npm run keys:rotate` (SPEC §11, docs/deploy.md): key rotation as a
 * release step. Each prints one line of outcome; neither ever prints key material.
 */
async function rewrap(config: AppConfig, store: Store): Promise<string> {
  if (config.keyProvider.kind !== "azure-key-vault") {
    throw new EnvError("keys:rewrap needs SSO_KEY_PROVIDER=azure-key-vault: keys from the environment are not wrapped");
  }
  const { kid, rewrapped, total } = await rewrapDataKeys(store.keys, createAzureKeyWrapper(config.keyProvider.keyId));
  return `Rewrapped ${rewrapped} data keys with ${kid} (${total - rewrapped} already were)`;
}

async function rotate(config: AppConfig, store: Store): Promise<string> {
  if (config.keyProvider.kind === "env") {
    const resealed = await store.keys.resealClientSecrets(resealUnder(config.ssoEncryptionKeys));
    return `Resealed ${resealed} client secrets under SSO_ENCRYPTION_KEY (key id ${config.ssoEncryptionKeys.currentKeyId})`;
  }
  const wrapper = createAzureKeyWrapper(config.keyProvider.keyId);
  const { keyId, resealed, deleted } = await rotateDataKey(store.keys, wrapper, config.ssoEncryptionKeys.keys);
  return `Rotated the data key: ${resealed} client secrets resealed under data key ${keyId}, ${deleted} old data keys deleted`;
}

const commands: Record<string, (config: AppConfig, store: Store) => Promise<string>> = { rewrap, rotate };

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
