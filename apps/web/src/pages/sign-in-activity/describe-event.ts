import type { AuditEventType, SignInMethod } from "@jams/contracts";
import type { RouterOutputs } from "../../lib/api-types.ts";

export type ActivityEvent = RouterOutputs["audit"]["list"]["events"][number];

/** How a row reads at a glance: a failure, a sign-in, or a change made by an admin. */
export type ActivityTone = "failure" | "success" | "change";

export interface ActivityDescription {
  /** e.g. "Sign-in failed (password)", "Invited mo@acme.com as Member". */
  text: string;
  tone: ActivityTone;
  /** A second line, e.g. why Enforce SSO went off; never a secret. */
  note?: string | undefined;
  /** Who the row is about: the person signing in, or the admin who made the change. */
  person: string | null;
}

/** The labels of the SSO settings form, so "changed: …" uses the words the admin saw. */
const SSO_FIELD_LABEL: Record<string, string> = {
  displayName: "Configuration name",
  issuer: "Issuer URL",
  clientId: "Client ID",
  clientSecret: "Client Secret",
};

const METHOD_TEXT: Record<SignInMethod, string> = { pwd: "password", sso: "SSO" };
const ROLE_TEXT: Record<string, string> = { admin: "Admin", member: "Member" };

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

function ssoSettingsSaved(details: Record<string, unknown>): Pick<ActivityDescription, "text" | "note"> {
  const changed = stringList(details.changedFields).map((field) => SSO_FIELD_LABEL[field] ?? field);
  return {
    text: changed.length > 0 ? `SSO settings saved — changed: ${changed.join(", ")}` : "SSO settings saved — nothing changed",
    note: details.enforcementReset === true ? "Enforce SSO was turned off because the identity provider changed." : undefined,
  };
}

const PROFILE_FIELD_LABEL: Record<string, string> = {
  email: "email",
  name: "name",
  givenName: "given name",
  familyName: "family name",
  externalId: "external id",
  scimUserName: "user name",
};

function changedProfile(details: Record<string, unknown>): string | undefined {
  const changed = stringList(details.changedFields).map((field) => PROFILE_FIELD_LABEL[field] ?? field);
  return changed.length > 0 ? `Changed: ${changed.join(", ")}.` : undefined;
}

function passwordSessionsEnded(details: Record<string, unknown>): string | undefined {
  if (typeof details.passwordSessionsEnded !== "number" || details.passwordSessionsEnded === 0) return undefined;
  return `${details.passwordSessionsEnded === 1 ? "1 password session" : `${details.passwordSessionsEnded} password sessions`} ended.`;
}

function sessionsEnded(details: Record<string, unknown>): string | undefined {
  if (typeof details.sessions !== "number") return undefined;
  return details.sessions === 1 ? "1 session ended." : `${details.sessions} sessions ended.`;
}

function enforceChanged(details: Record<string, unknown>): string {
  if (details.enforce === true) return "Enforce SSO turned on";
  if (details.enforce === false) return "Enforce SSO turned off";
  return "Enforce SSO changed";
}

const domainIn = (details: Record<string, unknown>) => (typeof details.domain === "string" ? details.domain : "domain");

function releasedNote(details: Record<string, unknown>): string | undefined {
  if (typeof details.released !== "number" || details.released === 0) return undefined;
  return `${details.released === 1 ? "1 address" : `${details.released} addresses`} held by other workspaces released.`;
}

/** Turns one audit event into the words of the Sign-in activity table. */
export function describeEvent(event: ActivityEvent): ActivityDescription {
  const { details, email } = event;
  const actorEmail = event.actorEmail ?? event.actorLabel;
  const someone = email ?? "someone";
  // Sign-ins are about the email that was typed (or returned by the IdP); changes are about the admin who made them.
  const signInPerson = email ?? actorEmail;
  const adminPerson = actorEmail ?? email;
  const method = event.method ? ` (${METHOD_TEXT[event.method]})` : "";
  switch (event.type as AuditEventType) {
    case "signin.success":
      return { text: event.method ? `Signed in with ${METHOD_TEXT[event.method]}` : "Signed in", tone: "success", person: signInPerson };
    case "signin.failure":
      return { text: `Sign-in failed${method}`, tone: "failure", person: signInPerson };
    case "sso.config.saved":
      return { ...ssoSettingsSaved(details), tone: "change", person: adminPerson };
    case "sso.config.removed":
      return {
        text: "SSO removed",
        tone: "change",
        note: "Enforce SSO is off; people with a password sign in with it.",
        person: adminPerson,
      };
    case "sso.enforce.changed":
      return { text: enforceChanged(details), tone: "change", note: passwordSessionsEnded(details), person: adminPerson };
    case "team.invited": {
      const role = typeof details.role === "string" ? ROLE_TEXT[details.role] : undefined;
      return { text: role ? `Invited ${someone} as ${role}` : `Invited ${someone}`, tone: "change", person: actorEmail };
    }
    case "team.invite.accepted":
      return { text: "Accepted the invitation", tone: "success", person: signInPerson };
    case "team.deactivated":
      return { text: `Deactivated ${someone}`, tone: "change", person: actorEmail };
    case "team.reactivated":
      return { text: `Reactivated ${someone}`, tone: "change", person: actorEmail };
    case "workspace.created":
      return { text: "Workspace created", tone: "change", person: adminPerson };
    case "team.invite.revoked":
      return { text: `Revoked the invitation of ${someone}`, tone: "change", person: actorEmail };
    case "scim.token.created":
      return {
        text: "SCIM token generated",
        tone: "change",
        note: details.replacedPrevious === true ? "The previous token stopped working." : undefined,
        person: actorEmail,
      };
    case "scim.token.revoked":
      return { text: "SCIM token revoked", tone: "change", person: actorEmail };
    case "scim.user.created":
      return { text: `Provisioned ${someone}`, tone: "change", person: actorEmail };
    case "scim.user.linked":
      return { text: `Linked ${someone} to the identity provider`, tone: "change", person: actorEmail };
    case "scim.user.updated":
      return { text: `Updated ${someone}`, tone: "change", note: changedProfile(details), person: actorEmail };
    case "scim.user.deactivated":
      return { text: `Deactivated ${someone}`, tone: "change", note: "Their sessions ended at once.", person: actorEmail };
    case "scim.user.reactivated":
      return { text: `Reactivated ${someone}`, tone: "change", person: actorEmail };
    case "scim.user.deleted":
      return { text: `Deleted ${someone}`, tone: "change", note: "Deactivated, and no longer provisioned.", person: actorEmail };
    case "session.revoked_all":
      return { text: `Signed ${someone} out everywhere`, tone: "change", note: sessionsEnded(details), person: actorEmail };
    case "session.backchannel_logout":
      return { text: "Signed out by the identity provider", tone: "change", note: sessionsEnded(details), person: actorEmail };
    case "sso.test":
      return {
        text: details.outcome === "success" ? "Test sign-in succeeded" : "Test sign-in failed",
        tone: details.outcome === "success" ? "success" : "failure",
        note: details.outcome === "other_user" ? "The identity provider signed in someone else." : undefined,
        person: actorEmail,
      };
    case "team.invite.resent":
      return {
        text: `Sent ${someone} a new invitation link`,
        tone: "change",
        note: "The previous link stopped working.",
        person: actorEmail,
      };
    case "team.role.changed": {
      const to = typeof details.to === "string" ? ROLE_TEXT[details.to] : undefined;
      return {
        text: to ? `Made ${someone} ${to === "Admin" ? "an Admin" : "a Member"}` : `Changed the role of ${someone}`,
        tone: "change",
        person: actorEmail,
      };
    }
    case "team.sso_link_reset":
      return {
        text: `Reset the SSO link of ${someone}`,
        tone: "change",
        note: "Their next SSO sign-in links their identity-provider account again.",
        person: actorEmail,
      };
    case "domain.added":
      return { text: `Added the domain ${domainIn(details)}`, tone: "change", note: "Not verified yet.", person: actorEmail };
    case "domain.verified":
      return { text: `Verified the domain ${domainIn(details)}`, tone: "change", note: releasedNote(details), person: actorEmail };
    case "domain.verification_lost":
      return {
        text: `The domain ${domainIn(details)} is no longer verified`,
        tone: "failure",
        note: "Its TXT record has been missing for more than 3 days. Publish it again, then verify.",
        person: null,
      };
    case "domain.removed":
      return { text: `Removed the domain ${domainIn(details)}`, tone: "change", person: actorEmail };
    case "domain.claim_released":
      return {
        text: `${someone} was released: another workspace verified ${domainIn(details)}`,
        tone: "change",
        note:
          details.isNeverJoined === true
            ? "Their pending invitation was removed."
            : "Their sessions ended; they can no longer sign in here.",
        person: null,
      };
    default:
      return { text: event.type, tone: "change", person: signInPerson };
  }
}
