import { normalizeEmail } from "@jams/contracts";
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

/** The product's abuse limits, named by what they protect. */
export class AbuseGuard {
  constructor(
    private readonly limiter: RateLimiter,
    readonly rules: RateLimitRules,
  ) {}

  lookup(clientIp: string): Decision {
    return this.limiter.hit(`lookup:ip:${clientIp}`, this.rules.lookupPerIp);
  }

  ssoStart(clientIp: string): Decision {
    return this.limiter.hit(`sso-start:ip:${clientIp}`, this.rules.ssoStartPerIp);
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
