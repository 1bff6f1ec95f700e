import { normalizeEmail } from "@jams/contracts";
import { BatchedWindowCounter } from "./batched-window-counter.ts";
import type { BackoffRule, Decision, RateLimiter, WindowRule } from "./rate-limiter.ts";

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

  constructor(
    private readonly limiter: RateLimiter,
    readonly rules: RateLimitRules,
    options: { now?: () => number; onFlushError: (error: Error) => void },
  ) {
    this.#batched = new BatchedWindowCounter(limiter, options.now ?? Date.now, options.onFlushError);
  }

  lookup(clientIp: string): Decision {
    return this.#batched.hit(`lookup:ip:${clientIp}`, this.rules.lookupPerIp);
  }

  ssoStart(clientIp: string): Decision {
    return this.#batched.hit(`sso-start:ip:${clientIp}`, this.rules.ssoStartPerIp);
  }

  /** Writes the batched counts out and stops background writes: call when the server stops. */
  close(): void {
    this.#batched.close();
  }

  /** Counts a password attempt from this address, and refuses it while the account is held back. */
  passwordAttempt(clientIp: string, email: string): Decision {
    const perIp = this.limiter.hit(`login:ip:${clientIp}`, this.rules.loginPerIp);
    return perIp.isAllowed ? this.limiter.check(accountKey(email)) : perIp;
  }

  /** Signups and invitation acceptances (each runs the KDF) share the per-address password budget. */
  accountCreation(clientIp: string): Decision {
    return this.limiter.hit(`login:ip:${clientIp}`, this.rules.loginPerIp);
  }

  passwordFailed(email: string): void {
    this.limiter.fail(accountKey(email), this.rules.loginPerAccount);
  }

  passwordSucceeded(email: string): void {
    this.limiter.reset(accountKey(email));
  }
}

/** Keyed by the normalised email whether or not an account exists, so the limit reveals nothing. */
const accountKey = (email: string) => `login:account:${normalizeEmail(email)}`;
