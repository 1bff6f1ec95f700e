import type { BackChannelCounts } from "./types.ts";

type Endpoint = Exclude<keyof BackChannelCounts, "total">;

/** Pathnames of the back-channel endpoints (oidc-provider's default routes). */
const ENDPOINT_BY_PATH: ReadonlyMap<string, Endpoint> = new Map([
  ["/.well-known/openid-configuration", "discovery"],
  ["/jwks", "jwks"],
  ["/token", "token"],
  ["/me", "userinfo"],
]);

/** Counts requests to the discovery, JWKS, token and userinfo endpoints. */
export class BackChannelCounter {
  #counts: Record<Endpoint, number> = { discovery: 0, jwks: 0, token: 0, userinfo: 0 };

  /** Records one request when its pathname is a back-channel endpoint. */
  record(pathname: string): void {
    const endpoint = ENDPOINT_BY_PATH.get(pathname);
    if (endpoint) this.#counts[endpoint] += 1;
  }

  /** The counts so far, with their total. */
  snapshot(): BackChannelCounts {
    const { discovery, jwks, token, userinfo } = this.#counts;
    return { discovery, jwks, token, userinfo, total: discovery + jwks + token + userinfo };
  }

  /** Sets every count back to zero. */
  reset(): void {
    this.#counts = { discovery: 0, jwks: 0, token: 0, userinfo: 0 };
  }
}
