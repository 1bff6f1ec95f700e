import { z } from "zod";
import { describeSsoError, isSsoErrorCode, type SsoErrorHelp } from "./sso-errors.ts";

export const AUDIT_EVENT_TYPES = [
  "signin.success",
  "signin.failure",
  "sso.config.saved",
  "sso.config.removed",
  "sso.enforce.changed",
  "sso.test",
  "team.invited",
  "team.invite.accepted",
  "team.invite.revoked",
  "team.invite.resent",
  "team.role.changed",
  "team.sso_link_reset",
  "team.deactivated",
  "team.reactivated",
  "workspace.created",
  "session.revoked_all",
  "session.backchannel_logout",
  "scim.token.created",
  "scim.token.revoked",
  "scim.user.created",
  "scim.user.linked",
  "scim.user.updated",
  "scim.user.deactivated",
  "scim.user.reactivated",
  "scim.user.deleted",
  "domain.added",
  "domain.verified",
  "domain.verification_lost",
  "domain.removed",
  "domain.claim_released",
] as const;
export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

/** Why a password sign-in failed, as recorded in the audit trail (never shown to the person signing in). */
export const PASSWORD_FAILURE_CODES = ["wrong_password", "unknown_email", "account_disabled", "not_activated", "sso_required"] as const;
export type PasswordFailureCode = (typeof PASSWORD_FAILURE_CODES)[number];

function describePasswordFailure(code: PasswordFailureCode): SsoErrorHelp {
  switch (code) {
    case "wrong_password":
      return { explanation: "The password was wrong.", fix: "They can retry; repeated failures slow further attempts down." };
    case "unknown_email":
      return { explanation: "No account has this email.", fix: "Invite them from Team Members." };
    case "account_disabled":
      return { explanation: "The account is deactivated.", fix: "Reactivate them in Team Members." };
    case "not_activated":
      return { explanation: "They have not accepted their invitation yet.", fix: "Send them a fresh invite link from Team Members." };
    case "sso_required":
      return { explanation: "Enforce SSO is on, so password sign-in is refused.", fix: "They should use the single sign-on button." };
    default: {
      const unreachable: never = code;
      return unreachable;
    }
  }
}

/** The explanation and fix for a failed sign-in's code, SSO or password; undefined for unknown codes. */
export function describeSignInFailure(code: string): SsoErrorHelp | undefined {
  if (isSsoErrorCode(code)) return describeSsoError(code);
  if ((PASSWORD_FAILURE_CODES as readonly string[]).includes(code)) return describePasswordFailure(code as PasswordFailureCode);
  return undefined;
}

export const AUDIT_CATEGORIES = ["all", "signins", "failures", "changes"] as const;

export const auditListInput = z
  .object({
    limit: z.number().int().min(1).max(200).default(50),
    /** The id of the oldest event already shown: the next page starts below it (tRPC's infinite-query cursor). */
    cursor: z.number().int().min(1).optional(),
    category: z.enum(AUDIT_CATEGORIES).default("all"),
  })
  .optional();
