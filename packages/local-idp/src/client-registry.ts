import type { ClientMetadata } from "oidc-provider";
import type { LocalIdpClient } from "./types.ts";

/** Live, in-memory client registrations; read by oidc-provider on every lookup. */
export class ClientRegistry {
  readonly #clients = new Map<string, LocalIdpClient>();

  /** Inserts or replaces a client after checking its shape. */
  upsert(client: LocalIdpClient): void {
    if (typeof client.clientId !== "string" || client.clientId === "") {
      throw new TypeError("LocalIdpClient.clientId must be a non-empty string");
    }
    if (typeof client.clientSecret !== "string" || client.clientSecret === "") {
      throw new TypeError("LocalIdpClient.clientSecret must be a non-empty string");
    }
    if (!Array.isArray(client.redirectUris) || client.redirectUris.length === 0) {
      throw new TypeError("LocalIdpClient.redirectUris must be a non-empty array");
    }
    for (const uri of client.redirectUris) {
      const parsed = URL.parse(uri);
      if (parsed === null) throw new TypeError(`LocalIdpClient.redirectUris: not an absolute URL: ${uri}`);
      if (parsed.hash !== "") throw new TypeError(`LocalIdpClient.redirectUris: must not have a fragment: ${uri}`);
    }
    this.#clients.set(client.clientId, { ...client, redirectUris: [...client.redirectUris] });
  }

  /** The oidc-provider metadata of a client, or undefined when unknown. */
  metadataFor(clientId: string): ClientMetadata | undefined {
    const client = this.#clients.get(clientId);
    if (!client) return undefined;
    return {
      client_id: client.clientId,
      client_secret: client.clientSecret,
      redirect_uris: client.redirectUris,
      response_types: ["code"],
      grant_types: ["authorization_code"],
      token_endpoint_auth_method: "client_secret_basic",
      id_token_signed_response_alg: "RS256",
      ...(client.backchannelLogoutUri
        ? { backchannel_logout_uri: client.backchannelLogoutUri, backchannel_logout_session_required: true }
        : {}),
    };
  }
}
