import { startLocalIdp } from "./local-idp.ts";
import type { LocalIdpAccount, LocalIdpClient } from "./types.ts";

/** Parses a JSON array from an environment variable (empty array when unset). */
function parseJsonArray<T>(name: string, raw: string | undefined): T[] {
  if (raw === undefined || raw.trim() === "") return [];
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    throw new Error(`${name} is not valid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(value)) throw new Error(`${name} must be a JSON array`);
  return value as T[];
}

/** Parses a TCP port (0–65535) from an environment variable, with a default. */
function parsePort(raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw.trim() === "") return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`LOCAL_IDP_PORT must be an integer between 0 and 65535, got ${raw}`);
  }
  return port;
}

/** CLI entry: starts the local IdP from LOCAL_IDP_* environment variables until SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const env = process.env;
  const idp = await startLocalIdp({
    port: parsePort(env.LOCAL_IDP_PORT, 4000),
    clients: parseJsonArray<LocalIdpClient>("LOCAL_IDP_CLIENTS", env.LOCAL_IDP_CLIENTS),
    accounts: parseJsonArray<LocalIdpAccount>("LOCAL_IDP_ACCOUNTS", env.LOCAL_IDP_ACCOUNTS),
  });
  console.log(`Local IdP listening at ${idp.issuer}`);

  const shutdown = () => {
    idp.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

main().catch((error: unknown) => {
  console.error(`local-idp: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
