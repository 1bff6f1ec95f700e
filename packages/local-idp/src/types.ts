/** An end-user the local IdP can sign in. */
export interface LocalIdpAccount {
  /** Returned exactly as stored (may be `Mixed.Case@Example.com`); matched case-insensitively (ASCII). */
  email: string;
  /** When undefined, the `email_verified` claim is omitted. */
  emailVerified?: boolean;
  name?: string;
  /** Default: a stable id derived from the email. */
  sub?: string;
  /** true: the ID token carries no `email`/`email_verified`; only userinfo has them. */
  emailOnlyInUserinfo?: boolean;
}

/** A confidential relying party (client_secret_basic or client_secret_post). */
export interface LocalIdpClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  /** Where logout tokens go (OpenID Connect Back-Channel Logout 1.0); its ID tokens then carry `sid`. */
  backchannelLogoutUri?: string;
}

export interface LocalIdpOptions {
  /** 0 or undefined = random free port. */
  port?: number;
  /** Bind address, default "127.0.0.1"; the issuer is `http://${host}:${port}`. */
  host?: string;
  clients: LocalIdpClient[];
  accounts: LocalIdpAccount[];
}

/** Back-channel requests received since start or the last reset, by endpoint. */
export interface BackChannelCounts {
  discovery: number;
  jwks: number;
  token: number;
  userinfo: number;
  total: number;
}

export interface LocalIdp {
  /** e.g. `http://127.0.0.1:41234` (no trailing slash). */
  issuer: string;
  /** Upserts by case-insensitive email. */
  addAccount(account: LocalIdpAccount): void;
  /** Upserts by client id; works after start. */
  addClient(client: LocalIdpClient): void;
  /** A new RS256 key (new kid) becomes the signer; older public keys stay in the JWKS. */
  rotateKeys(): Promise<void>;
  /**
   * Ends every IdP session of the account, as an IdP admin's "sign out everywhere" would, sending
   * each client with a back-channel logout URI a real logout token. Resolves with how many were
   * delivered (answered 200); rejects if a client refused one.
   */
  signOut(email: string): Promise<number>;
  backChannelCounts(): BackChannelCounts;
  resetCounts(): void;
  close(): Promise<void>;
}
