import { createHash } from "node:crypto";
import type { AccountClaims } from "oidc-provider";
import { asciiLowerCase } from "./ascii-lower-case.ts";
import type { LocalIdpAccount } from "./types.ts";

/** An account as stored: `sub` always resolved. */
export type StoredAccount = LocalIdpAccount & { sub: string };

/** The default `sub` for an email: a stable hash of its ASCII-lower-cased form. */
export function defaultSubFor(email: string): string {
  const digest = createHash("sha256").update(asciiLowerCase(email)).digest("hex");
  return `local-${digest.slice(0, 24)}`;
}

/** In-memory accounts, keyed by ASCII-case-insensitive email. */
export class AccountStore {
  readonly #byEmail = new Map<string, StoredAccount>();

  /** Inserts the account or replaces the one with the same (case-insensitive) email. */
  upsert(account: LocalIdpAccount): void {
    if (typeof account.email !== "string" || account.email.trim() === "") {
      throw new TypeError("LocalIdpAccount.email must be a non-empty string");
    }
    if (account.sub !== undefined && (typeof account.sub !== "string" || account.sub === "")) {
      throw new TypeError("LocalIdpAccount.sub must be a non-empty string when given");
    }
    const sub = account.sub ?? defaultSubFor(account.email);
    this.#byEmail.set(asciiLowerCase(account.email), { ...account, sub });
  }

  /** Finds an account by email, ignoring ASCII case and surrounding whitespace. */
  findByEmail(email: string): StoredAccount | undefined {
    return this.#byEmail.get(asciiLowerCase(email.trim()));
  }

  /** Finds an account by its `sub` (oidc-provider's accountId). */
  findBySub(sub: string): StoredAccount | undefined {
    for (const account of this.#byEmail.values()) {
      if (account.sub === sub) return account;
    }
    return undefined;
  }
}

/**
 * The claims of an account for one use ("id_token" or "userinfo"); oidc-provider then keeps only
 * those the granted scopes allow. `emailOnlyInUserinfo` accounts leave email out of ID tokens.
 */
export function accountClaims(account: StoredAccount, use: string): AccountClaims {
  const claims: AccountClaims = { sub: account.sub };
  if (!(account.emailOnlyInUserinfo && use === "id_token")) {
    claims.email = account.email;
    if (account.emailVerified !== undefined) claims.email_verified = account.emailVerified;
  }
  if (account.name !== undefined) claims.name = account.name;
  return claims;
}
