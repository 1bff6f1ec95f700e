import { normalizeEmail } from "@jams/contracts";
import type { AbuseStore } from "@jams/db";
import { BatchedWindowCounter } from "./batched-window-counter.ts";
import { type BackoffRule, type Decision, RateLimiter, type WindowRule } from "./rate-limiter.ts";

export interface RateLimitRules {
  /** Password sign-in attempts per client address. */
  loginPerIp: WindowRule;
  /** Failed password sign-ins per account before growing delays. */
  loginPerAccount: BackoffRule;
  /** `auth.lookup` calls per client address. */
  lookupPerIp: WindowRule;
  /** `/auth/sso/start` redirects per client address. */
  ssoStartPerIp: WindowRule;
}

/**
 * The product's abuse limits, named by what they protect. Password limits are counted exactly,
 * one write per attempt (each attempt costs a KDF run anyway); the high-rate lookup and SSO
 * start limits are counted in batches (see BatchedWindowCounter).
 */
export class AbuseGuard {
  readonly #batched: BatchedWindowCounter;
  readonly #limiter: RateLimiter;

  constructor(
    store: AbuseStore,
    readonly rules: RateLimitRules,
    options: { now?: (() => number) | undefined; onFlushError: (error: Error) => void },
  ) {
    const now = options.now ?? Date.now;
    this.#limiter = new RateLimiter(store, now);
    this.#batched = new BatchedWindowCounter(store, now, options.onFlushError);
  }

  lookup(clientIp: string): Promise<Decision> {
    return this.#batched.hit(`lookup:ip:${clientIp}`, this.rules.lookupPerIp);
  }

  ssoStart(clientIp: string): Promise<Decision> {
    return this.#batched.hit(`sso-start:ip:${clientIp}`, this.rules.ssoStartPerIp);
  }

  /** Writes the batched counts out and stops background writes: call when the server stops. */
  close(): Promise<void> {
    return this.#batched.close();
  }

  /** Counts a password attempt from this address, and refuses it while the account is held back. */
  async passwordAttempt(clientIp: string, email: string): Promise<Decision> {
    const perIp = await this.#limiter.hit(`login:ip:${clientIp}`, this.rules.loginPerIp);
    return perIp.isAllowed ? this.#limiter.check(accountKey(email)) : perIp;
  }

  /** Signups and invitation acceptances (each runs the KDF) share the per-address password budget. */
  accountCreation(clientIp: string): Promise<Decision> {
    return this.#limiter.hit(`login:ip:${clientIp}`, this.rules.loginPerIp);
  }

  passwordFailed(email: string): Promise<void> {
    return this.#limiter.fail(accountKey(email), this.rules.loginPerAccount);
  }

  passwordSucceeded(email: string): Promise<void> {
    return this.#limiter.reset(accountKey(email));
  }
}

/** Keyed by the normalised email whether or not an account exists, so the limit reveals nothing. */
const accountKey = (email: string) => `login:account:${normalizeEmail(email)}`;
