import { describeSsoError, isSsoErrorCode, type SsoErrorCode, type SsoErrorHelp } from "./sso-errors.ts";

/** How an admin's Test sign-in ended: it worked for them, the IdP signed in someone else, or an SSO error code. */
export type SsoTestOutcome = "success" | "other_user" | SsoErrorCode;

/** What the IdP said about the person, as the settings page shows it (never tokens). */
export interface SsoTestClaims {
  email: string | null;
  emailVerified: boolean | null;
  sub: string | null;
  name: string | null;
}

/** The last Test sign-in, as `sso.get` shows it. */
export interface SsoTestView {
  at: string;
  byEmail: string;
  outcome: SsoTestOutcome;
  claims: SsoTestClaims | null;
  /** What the outcome means and what to do (absent on success). */
  help: SsoErrorHelp | null;
}

export function isSsoTestOutcome(value: unknown): value is SsoTestOutcome {
  return value === "success" || value === "other_user" || isSsoErrorCode(value);
}

/** The explanation and fix of a Test sign-in's outcome; null on success. */
export function describeSsoTestOutcome(outcome: SsoTestOutcome, testerEmail: string): SsoErrorHelp | null {
  if (outcome === "success") return null;
  if (outcome === "other_user") {
    return {
      explanation: `The identity provider signed in someone else, not you (${testerEmail}).`,
      fix: "Sign out of the identity provider (or use a private window), then run Test sign-in again as yourself.",
    };
  }
  return describeSsoError(outcome);
}
