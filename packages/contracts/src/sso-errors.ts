/** Every code `/auth/sso/callback` can send back as `/login?sso_error=<code>` (SPEC §5). */
export const SSO_ERROR_CODES = [
  "user_not_provisioned",
  "account_disabled",
  "sso_idp_rejected",
  "sso_no_email_claim",
  "sso_state_invalid",
  "sso_not_configured",
  "sso_token_invalid",
  "sso_email_unverified",
  "sso_idp_error",
  "sso_idp_unavailable",
  "sso_subject_mismatch",
] as const;

export type SsoErrorCode = (typeof SSO_ERROR_CODES)[number];

export function isSsoErrorCode(value: unknown): value is SsoErrorCode {
  return typeof value === "string" && (SSO_ERROR_CODES as readonly string[]).includes(value);
}

export interface SsoErrorHelp {
  /** What happened, in the words of the help page. */
  explanation: string;
  /** What to do about it. */
  fix: string;
}

/** The explanation and fix shown on `/login` and in the sign-in activity for each code. */
export function describeSsoError(code: SsoErrorCode): SsoErrorHelp {
  switch (code) {
    case "user_not_provisioned":
      return {
        explanation: "The email your identity provider returned doesn't match any JAMS IMES user in this workspace.",
        fix: "Ask an admin to invite you from Team Members, then try single sign-on again.",
      };
    case "account_disabled":
      return {
        explanation: "Your account exists but has been deactivated.",
        fix: "Ask an admin to reactivate you in Team Members.",
      };
    case "sso_idp_rejected":
      return {
        explanation: "Your identity provider refused the code exchange — usually a bad Client Secret.",
        fix: "An admin should re-save the Client Secret in Integrations → SSO, generating a new one in the identity provider if the old one was rotated.",
      };
    case "sso_no_email_claim":
      return {
        explanation: "Your identity provider didn't return an email address for you.",
        fix: "An admin should add email as a scope or optional claim in the identity provider's app configuration.",
      };
    case "sso_state_invalid":
      return {
        explanation: "The single sign-on session expired or was not valid (it lasts 5 minutes).",
        fix: "Just try again — this usually means the identity provider's page was left open too long.",
      };
    case "sso_not_configured":
      return {
        explanation: "Single sign-on is not set up for this workspace (or it was just removed).",
        fix: "Sign in with your password, or ask an admin to set up SSO in Integrations → SSO.",
      };
    case "sso_token_invalid":
      return {
        explanation: "The identity provider's answer failed our security checks (signature, issuer, audience, expiry or nonce).",
        fix: "Try again. If it keeps happening, an admin should check the Issuer URL and Client ID in Integrations → SSO.",
      };
    case "sso_email_unverified":
      return {
        explanation: "Your identity provider says your email address is not verified.",
        fix: "Verify your email address in your identity provider, or ask its administrator to, then try again.",
      };
    case "sso_idp_error":
      return {
        explanation: "Your identity provider did not complete the sign-in (it may have been cancelled).",
        fix: "Try again. If it keeps happening, ask your IT admin whether you are assigned to the JAMS IMES app.",
      };
    case "sso_idp_unavailable":
      return {
        explanation: "Your identity provider could not be reached or gave an unexpected answer.",
        fix: "Try again in a minute. If it persists, an admin should check the Issuer URL in Integrations → SSO.",
      };
    case "sso_subject_mismatch":
      return {
        explanation:
          "Your identity provider says this is a different person than the one who signed in with this email before (its user ID changed). This happens when a mailbox is deleted and recreated, or an address is given to someone else.",
        fix: "If it is really you, ask an admin to reset your single sign-on link in Team Members, then sign in again.",
      };
    default: {
      const unreachable: never = code;
      return unreachable;
    }
  }
}
