import {
  AggregateAuthenticationError,
  AuthenticationError,
  CredentialUnavailableError,
  DefaultAzureCredential,
  type TokenCredential,
} from "@azure/identity";
import { CryptographyClient, type CryptographyClientOptions, KeyClient, parseKeyVaultKeyIdentifier } from "@azure/keyvault-keys";
import { type KeyWrapper, KeyWrapperError } from "./key-wrapper.ts";

/** The only wrapping algorithm we use: RSA-OAEP with SHA-256, always performed by the vault itself. */
const ALGORITHM = "RSA-OAEP-256";

/** What the SDK throws for an HTTP answer or a transport failure (`RestError`), without depending on its package. */
interface RestErrorLike {
  name: "RestError";
  message: string;
  statusCode?: number;
  code?: string;
}

const isRestError = (error: unknown): error is RestErrorLike => error instanceof Error && error.name === "RestError";

const oneLine = (text: string) => text.replace(/\s+/g, " ").trim();

/** The credential failure worth showing: managed identity's when the chain tried several. */
function credentialFailureOf(error: AggregateAuthenticationError): string {
  const failures = error.errors.map((failure) => String((failure as Error)?.message ?? failure));
  return failures.find((message) => message.includes("ManagedIdentityCredential")) ?? failures[0] ?? error.message;
}

/**
 * Why a vault call failed, in one line: the vault's own answer (`Forbidden (403): …`), a transport
 * or TLS failure, or the credential that could not get a token.
 */
function describeKeyVaultFailure(error: unknown): string {
  if (isRestError(error)) {
    if (error.statusCode === undefined) return oneLine(`${error.code ?? "connection failed"}: ${error.message}`);
    return oneLine(`${error.code ?? "HTTP"} (${error.statusCode}): ${error.message}`);
  }
  if (error instanceof AggregateAuthenticationError) return oneLine(`no Azure token: ${credentialFailureOf(error)}`);
  if (error instanceof CredentialUnavailableError || error instanceof AuthenticationError) {
    return oneLine(`no Azure token: ${error.message}`);
  }
  return oneLine(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
}

async function attempt<T>(action: () => Promise<T>, failure: string): Promise<T> {
  try {
    return await action();
  } catch (error) {
    throw new KeyWrapperError(`${failure}: ${describeKeyVaultFailure(error)}`);
  }
}

/**
 * Data keys wrapped by an Azure Key Vault RSA key (SPEC §11). `keyId` is the configured
 * `AZURE_KEY_VAULT_KEY_ID`: without a version, new wraps resolve the latest one with `KeyClient.getKey`,
 * and the versioned id is what gets recorded (a client built on the bare name keeps the version it
 * first saw while the vault wraps with the latest). One `CryptographyClient` per versioned key, each
 * doing its bearer challenge once. `options` exist for tests against a plain-http stand-in.
 */
export function createAzureKeyWrapper(
  keyId: string,
  credential: TokenCredential = new DefaultAzureCredential(),
  options: CryptographyClientOptions = {},
): KeyWrapper {
  const { vaultUrl, name, version } = parseKeyVaultKeyIdentifier(keyId);
  const keyClient = new KeyClient(vaultUrl, credential, options);
  const clients = new Map<string, CryptographyClient>();
  const clientFor = (kid: string) => {
    let client = clients.get(kid);
    if (!client) {
      client = new CryptographyClient(kid, credential, options);
      clients.set(kid, client);
    }
    return client;
  };
  return {
    currentKid: async () => {
      if (version) return `${vaultUrl}/keys/${name}/${version}`;
      const key = await attempt(() => keyClient.getKey(name), `Cannot read Azure Key Vault key ${keyId}`);
      if (!key.id) throw new KeyWrapperError(`Azure Key Vault returned key ${keyId} without its identifier`);
      return key.id;
    },
    wrap: async (kid, dataKey) =>
      (
        await attempt(
          () => clientFor(kid).wrapKey(ALGORITHM, dataKey),
          `Cannot wrap the client-secret data key with Azure Key Vault key ${kid}`,
        )
      ).result,
    unwrap: async (kid, wrappedKey) =>
      (
        await attempt(
          () => clientFor(kid).unwrapKey(ALGORITHM, wrappedKey),
          `Cannot unwrap the client-secret data key with Azure Key Vault key ${kid}`,
        )
      ).result,
  };
}
