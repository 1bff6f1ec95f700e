import * as oauth from "oauth4webapi";
import { BackChannelError, type BackChannelFetch } from "./back-channel-fetch.ts";

/** How long discovered metadata is reused. oauth4webapi keeps each issuer's JWKS with the metadata object. */
const METADATA_TTL_MS = 60 * 60 * 1000;

export type DiscoveryProblem = "unreachable" | "not_allowed" | "not_oidc" | "issuer_mismatch" | "no_code_flow";

export class DiscoveryError extends Error {
  override name = "DiscoveryError";
  constructor(
    readonly problem: DiscoveryProblem,
    message: string,
  ) {
    super(message);
  }
}

export interface TransportOptions {
  backChannelFetch: BackChannelFetch;
  allowInsecure: boolean;
}

/** The options every oauth4webapi call gets: our guarded fetch, and http only when allowed. */
export function requestOptions(transport: TransportOptions) {
  return {
    [oauth.customFetch]: transport.backChannelFetch as unknown as typeof fetch,
    [oauth.allowInsecureRequests]: transport.allowInsecure,
  };
}

const withoutTrailingSlash = (value: string) => value.replace(/\/+$/, "");

/**
 * Fetches and checks an issuer's discovery document (OpenID Connect Discovery 1.0 §4): its
 * `issuer` must equal the one entered (a trailing `/` tolerated; the IdP's own form is kept),
 * and it must support the authorization code flow.
 */
export async function discoverIssuer(issuer: string, transport: TransportOptions): Promise<oauth.AuthorizationServer> {
  let response: Response;
  try {
    response = await oauth.discoveryRequest(new URL(issuer), { algorithm: "oidc", ...requestOptions(transport) });
  } catch (error) {
    if (error instanceof BackChannelError && error.problem === "forbidden_url") throw new DiscoveryError("not_allowed", error.message);
    throw new DiscoveryError("unreachable", error instanceof BackChannelError ? error.message : "the request failed");
  }
  let body: unknown;
  try {
    body = await response.clone().json();
  } catch {
    throw new DiscoveryError(response.ok ? "not_oidc" : "unreachable", `discovery answered ${response.status}`);
  }
  const advertised = (body as { issuer?: unknown } | null)?.issuer;
  if (typeof advertised !== "string") throw new DiscoveryError("not_oidc", "the discovery document has no issuer");
  if (withoutTrailingSlash(advertised) !== withoutTrailingSlash(issuer)) {
    throw new DiscoveryError("issuer_mismatch", `the discovery document names the issuer ${advertised}`);
  }
  let metadata: oauth.AuthorizationServer;
  try {
    metadata = await oauth.processDiscoveryResponse(new URL(advertised), response);
  } catch {
    throw new DiscoveryError("not_oidc", "the discovery document is not valid OpenID Connect metadata");
  }
  const responseTypes = metadata.response_types_supported ?? [];
  if (!metadata.authorization_endpoint || !metadata.token_endpoint || !metadata.jwks_uri || !responseTypes.includes("code")) {
    throw new DiscoveryError("no_code_flow", "the identity provider does not offer the authorization code flow");
  }
  if (!isUsableAuthorizationEndpoint(metadata.authorization_endpoint, transport.allowInsecure)) {
    throw new DiscoveryError("not_oidc", "the authorization endpoint is not an absolute https URL without a fragment");
  }
  return metadata;
}

/** Where browsers are sent: an absolute https URL (http only for allowed insecure issuers), no fragment (RFC 6749 §3.1). */
function isUsableAuthorizationEndpoint(endpoint: string, allowInsecure: boolean): boolean {
  if (!URL.canParse(endpoint) || endpoint.includes("#")) return false;
  const { protocol } = new URL(endpoint);
  return protocol === "https:" || (allowInsecure && protocol === "http:");
}

/** Discovered metadata per issuer, reused for an hour, with concurrent misses sharing one request. */
export class IdpMetadataCache {
  readonly #entries = new Map<string, { metadata: Promise<oauth.AuthorizationServer>; expiresAt: number }>();

  constructor(private readonly transport: TransportOptions) {}

  get(issuer: string): Promise<oauth.AuthorizationServer> {
    const cached = this.#entries.get(issuer);
    if (cached && cached.expiresAt > Date.now()) return cached.metadata;
    const metadata = discoverIssuer(issuer, this.transport);
    this.#entries.set(issuer, { metadata, expiresAt: Date.now() + METADATA_TTL_MS });
    metadata.catch(() => this.#entries.delete(issuer));
    return metadata;
  }

  /** Seeds the cache with metadata just discovered (e.g. when an admin saves the config). */
  remember(issuer: string, metadata: oauth.AuthorizationServer): void {
    this.#entries.set(issuer, { metadata: Promise.resolve(metadata), expiresAt: Date.now() + METADATA_TTL_MS });
  }

  forget(issuer: string): void {
    this.#entries.delete(issuer);
  }
}
