import { normalizeEmail } from "@jams/contracts";
import type { AbuseStore } from "@jams/db";
import { addressKeyOf } from "./address-key.ts";
import { BatchedWindowCounter } from "./batched-window-counter.ts";
import { MemoryWindowCounter } from "./memory-window-counter.ts";
import { type BackoffRule, type Decision, RateLimiter, type WindowRule } from "./rate-limiter.ts";

export interface RateLimitRules {
  /** Password sign-ins, signups and invitation acceptances (each runs the KDF) per client address: a ceiling. */
  loginPerIp: WindowRule;
  /** Failed password sign-ins per account before growing delays. */
  loginPerAccount: BackoffRule;
  /** `auth.lookup` calls per client address: a generous ceiling an office behind one NAT stays under. */
  lookupPerIp: WindowRule;
  /** `/auth/sso/start` redirects per client address: likewise. */
  ssoStartPerIp: WindowRule;
  /** Lookups, and SSO starts, per (address, email): what slows one address hammering one account. */
  perAddressAndEmail: WindowRule;
  /** SSO starts per tenant: a bound on what one tenant's IdP can be made to receive. */
  ssoStartPerTenant: WindowRule;
  /** Audit rows one address can cause without signing in (failed callbacks); past it, failures are only logged. */
  unauthenticatedAuditPerIp: WindowRule;
  /** SSO config saves, and domain checks, per tenant: each makes the server fetch a URL or query a DNS name an admin chose. */
  outboundChecksPerTenant: WindowRule;
}

const ALLOWED: Decision = { isAllowed: true };

/** The first refusal among the limits, checked in order (later limits are not counted once one refuses). */
async function firstRefusal(checks: Array<() => Decision | Promise<Decision>>): Promise<Decision> {
  for (const check of checks) {
    const decision = await check();
    if (!decision.isAllowed) return decision;
  }
  return ALLOWED;
}

/**
 * The product's abuse limits, named by what they protect. They are keyed on (address, email) and
 * on the account, under generous per-address ceilings, so 200 people behind one office NAT sign
 * in at 9:00 while one address hammering one email is slowed down. Addresses are IPv4 addresses or
 * IPv6 /64s. Password limits are counted exactly, one write per attempt (each attempt costs a KDF
 * run anyway); the high-rate lookup and SSO start ceilings are counted in batches
 * (BatchedWindowCounter), their per-email limits in this process (MemoryWindowCounter).
 */
export class AbuseGuard {
  readonly #batched: BatchedWindowCounter;
  readonly #local: MemoryWindowCounter;
  readonly #limiter: RateLimiter;

  constructor(
    store: AbuseStore,
    readonly rules: RateLimitRules,
    options: { now?: (() => number) | undefined; onFlushError: (error: Error) => void },
  ) {
    const now = options.now ?? Date.now;
    this.#limiter = new RateLimiter(store, now);
    this.#batched = new BatchedWindowCounter(store, now, options.onFlushError);
    this.#local = new MemoryWindowCounter(now);
  }

  lookup(clientIp: string, email: string): Promise<Decision> {
    const address = addressKeyOf(clientIp);
    return firstRefusal([
      () => this.#batched.hit(`lookup:ip:${address}`, this.rules.lookupPerIp),
      () => this.#local.hit(`lookup:${address}:${normalizeEmail(email)}`, this.rules.perAddressAndEmail),
    ]);
  }

  ssoStart(clientIp: string, email: string): Promise<Decision> {
    const address = addressKeyOf(clientIp);
    return firstRefusal([
      () => this.#batched.hit(`sso-start:ip:${address}`, this.rules.ssoStartPerIp),
      () => this.#local.hit(`sso-start:${address}:${normalizeEmail(email)}`, this.rules.perAddressAndEmail),
    ]);
  }

  /** Counted once the tenant is known (the email's sign-in route). */
  ssoStartForTenant(tenantId: string): Promise<Decision> {
    return this.#batched.hit(`sso-start:tenant:${tenantId}`, this.rules.ssoStartPerTenant);
  }

  /** Whether a failure this address caused without signing in may still be written to the audit trail. */
  isAuditable(clientIp: string): boolean {
    return this.#local.hit(`audit:${addressKeyOf(clientIp)}`, this.rules.unauthenticatedAuditPerIp).isAllowed;
  }

  /** Resolves once the batched counts' background write in flight, if any, has finished. */
  settled(): Promise<void> {
    return this.#batched.settled();
  }

  /** Writes the batched counts out and stops background writes: call when the server stops. */
  close(): Promise<void> {
    return this.#batched.close();
  }

  /**
   * Counts a password attempt from this address, and reserves it against the account before the
   * password is checked: concurrent guesses are counted as they arrive, not after their KDF runs.
   */
  passwordAttempt(clientIp: string, email: string): Promise<Decision> {
    return firstRefusal([
      () => this.#limiter.hit(`login:ip:${addressKeyOf(clientIp)}`, this.rules.loginPerIp),
      () => this.#limiter.reserve(accountKey(email), this.rules.loginPerAccount),
    ]);
  }

  /** An admin saving the SSO config (each save makes the server fetch a URL the admin chose). */
  ssoSave(tenantId: string): Promise<Decision> {
    return this.#limiter.hit(`sso-save:tenant:${tenantId}`, this.rules.outboundChecksPerTenant);
  }

  /** An admin asking for a domain's TXT record to be checked now. */
  domainCheck(tenantId: string): Promise<Decision> {
    return this.#limiter.hit(`domain-check:tenant:${tenantId}`, this.rules.outboundChecksPerTenant);
  }

  /** Signups and invitation acceptances (each runs the KDF) share the per-address password budget. */
  accountCreation(clientIp: string): Promise<Decision> {
    return this.#limiter.hit(`login:ip:${addressKeyOf(clientIp)}`, this.rules.loginPerIp);
  }

  /** A correct password clears the account's count, the attempt reserved for it included. */
  passwordSucceeded(email: string): Promise<void> {
    return this.#limiter.reset(accountKey(email));
  }
}

/** Keyed by the normalised email whether or not an account exists, so the limit reveals nothing. */
const accountKey = (email: string) => `login:account:${normalizeEmail(email)}`;
