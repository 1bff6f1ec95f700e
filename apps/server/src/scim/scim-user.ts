import { emailSchema, normalizeEmail } from "@jams/contracts";
import type { ScimUserFields, User } from "@jams/db";
import { isJsonObject } from "../json-object.ts";
import { USER_SCHEMA } from "./scim-discovery.ts";
import { ScimError } from "./scim-error.ts";

/** The User attributes JAMS IMES stores, by lower-cased name (RFC 7643 §2.1: attribute names are case-insensitive). */
export const STORED_ATTRIBUTES = new Map(
  ["userName", "name", "displayName", "active", "emails", "externalId"].map((name) => [name.toLowerCase(), name]),
);
/** Set by the service, never by a client (RFC 7643 §3.1, §4.1.2). */
export const READ_ONLY_ATTRIBUTES = new Set(["id", "meta", "groups"]);
/**
 * Core User attributes (RFC 7643 §4.1) an IdP's default mapping sends that JAMS IMES has no use for:
 * accepted and ignored, so a default Entra or Okta setup works. `password` is among them: Okta sends a
 * placeholder, and provisioned users sign in through SSO.
 */
export const IGNORED_ATTRIBUTES = new Set(
  [
    "nickName",
    "profileUrl",
    "title",
    "userType",
    "preferredLanguage",
    "locale",
    "timezone",
    "password",
    "phoneNumbers",
    "ims",
    "photos",
    "addresses",
    "entitlements",
    "roles",
    "x509Certificates",
    "manager",
    "schemas",
  ].map((name) => name.toLowerCase()),
);

const MAX_NAME_LENGTH = 100;
const MAX_VALUE_LENGTH = 256;

/** The SCIM User resource of a user (RFC 7643 §4.1): what JAMS IMES knows of them, never a password. */
export function toScimUser(user: User, baseUrl: string) {
  const formatted = [user.givenName, user.familyName].filter(Boolean).join(" ") || user.name;
  const name = {
    ...(formatted ? { formatted } : {}),
    ...(user.givenName ? { givenName: user.givenName } : {}),
    ...(user.familyName ? { familyName: user.familyName } : {}),
  };
  return {
    schemas: [USER_SCHEMA],
    id: user.id,
    ...(user.externalId ? { externalId: user.externalId } : {}),
    userName: user.scimUserName ?? user.email,
    ...(Object.keys(name).length > 0 ? { name } : {}),
    ...(user.name ? { displayName: user.name } : {}),
    active: user.status !== "disabled",
    emails: [{ value: user.email, type: "work", primary: true }],
    meta: {
      resourceType: "User",
      created: new Date(user.createdAt).toISOString(),
      lastModified: new Date(user.updatedAt || user.createdAt).toISOString(),
      location: `${baseUrl}/Users/${user.id}`,
    },
  };
}

export type ScimUser = ReturnType<typeof toScimUser>;

/** A client's JSON keys by lower-cased name, `null` values dropped (Entra sends `"title": null` for "no value"). */
function byLowerCaseName(resource: Record<string, unknown>): Map<string, unknown> {
  return new Map(
    Object.entries(resource)
      .filter(([, value]) => value !== null)
      .map(([key, value]) => [key.toLowerCase(), value]),
  );
}

function optionalString(value: unknown, attribute: string, maxLength = MAX_VALUE_LENGTH): string | null {
  if (value === undefined || value === null || value === "") return null;
  if (typeof value !== "string") throw new ScimError(400, `${attribute} must be a string`, "invalidValue");
  const trimmed = value.trim();
  if (trimmed.length > maxLength) throw new ScimError(400, `${attribute} is longer than ${maxLength} characters`, "invalidValue");
  return trimmed === "" ? null : trimmed;
}

/** The value of `active`: a JSON boolean, or Entra's default "True"/"False" strings. */
export function activeValue(value: unknown): boolean {
  if (typeof value === "boolean") return value;
  if (typeof value === "string" && /^(true|false)$/i.test(value)) return value.toLowerCase() === "true";
  throw new ScimError(400, "active must be true or false", "invalidValue");
}

/** The address a user signs in with: the primary email, else the work one, else the first. */
function chosenEmail(emails: unknown): string | null {
  if (emails === undefined || emails === null) return null;
  if (!Array.isArray(emails)) throw new ScimError(400, "emails must be a list", "invalidValue");
  const entries = emails.filter(isJsonObject).map(byLowerCaseName);
  const chosen =
    entries.find((entry) => entry.get("primary") === true || entry.get("primary") === "True") ??
    entries.find((entry) => typeof entry.get("type") === "string" && (entry.get("type") as string).toLowerCase() === "work") ??
    entries[0];
  return optionalString(chosen?.get("value"), "emails.value");
}

/**
 * What a User resource sets, checked (RFC 7644 §3.3, §3.5.1): a userName; the email from the
 * primary/work email, else the userName; the display name from displayName, else the name's parts.
 * Unknown attributes are refused; known ones JAMS IMES doesn't keep are ignored; read-only ones too
 * (RFC 7644 §3.5.1). `active` defaults to the current state (`currentlyActive`), so a PUT that omits it changes nothing.
 */
export function fieldsOf(resource: unknown, currentlyActive: boolean): ScimUserFields {
  if (!isJsonObject(resource)) throw new ScimError(400, "The body must be a SCIM User resource (a JSON object)", "invalidSyntax");
  const attributes = byLowerCaseName(resource);
  for (const key of attributes.keys()) {
    const isKnown = STORED_ATTRIBUTES.has(key) || IGNORED_ATTRIBUTES.has(key) || READ_ONLY_ATTRIBUTES.has(key) || key.startsWith("urn:");
    if (!isKnown) throw new ScimError(400, `Unknown attribute: ${key}`, "invalidSyntax");
  }
  const userName = optionalString(attributes.get("username"), "userName");
  if (!userName) throw new ScimError(400, "userName is required", "invalidValue");
  const email = emailSchema.safeParse(chosenEmail(attributes.get("emails")) ?? userName);
  if (!email.success) {
    throw new ScimError(400, "The user needs an email address: give a primary or work email, or a userName that is one", "invalidValue");
  }
  const name = attributes.get("name");
  if (name !== undefined && !isJsonObject(name)) throw new ScimError(400, "name must be an object", "invalidValue");
  const nameParts = name ? byLowerCaseName(name) : new Map<string, unknown>();
  const givenName = optionalString(nameParts.get("givenname"), "name.givenName", MAX_NAME_LENGTH);
  const familyName = optionalString(nameParts.get("familyname"), "name.familyName", MAX_NAME_LENGTH);
  const displayName =
    optionalString(attributes.get("displayname"), "displayName", MAX_NAME_LENGTH) ??
    optionalString(nameParts.get("formatted"), "name.formatted", MAX_NAME_LENGTH) ??
    ([givenName, familyName].filter(Boolean).join(" ") || "");
  const active = attributes.get("active");
  return {
    email: email.data,
    emailNormalized: normalizeEmail(email.data),
    name: displayName,
    givenName,
    familyName,
    externalId: optionalString(attributes.get("externalid"), "externalId"),
    scimUserName: userName,
    scimUserNameKey: normalizeEmail(userName),
    isActive: active === undefined ? currentlyActive : activeValue(active),
  };
}
