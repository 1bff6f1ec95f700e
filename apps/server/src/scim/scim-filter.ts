import { normalizeEmail } from "@jams/contracts";
import type { ScimUserQuery } from "@jams/db";
import { type Filter, parse } from "scim2-parse-filter";
import { ScimError } from "./scim-error.ts";

const MAX_FILTER_LENGTH = 1024;

const unsupported = (why: string) =>
  new ScimError(
    400,
    `Unsupported filter: ${why}. JAMS IMES filters users with eq on userName, externalId, id or emails, joined by and.`,
    "invalidFilter",
  );

/** Adds one condition; two different values for the same attribute can match no one. */
function narrowed(query: ScimUserQuery, key: keyof ScimUserQuery, value: string): ScimUserQuery | null {
  const existing = query[key];
  if (existing !== undefined && existing !== value) return null;
  return { ...query, [key]: value };
}

/** One `attr eq "value"` comparison, by attribute name case-insensitively (RFC 7644 §3.4.2.2). */
function comparison(query: ScimUserQuery, attrPath: string, value: unknown): ScimUserQuery | null {
  if (typeof value !== "string") throw unsupported(`${attrPath} must be compared with a string`);
  switch (attrPath.toLowerCase().replace(/^urn:ietf:params:scim:schemas:core:2\.0:user:/, "")) {
    case "username":
      return narrowed(query, "userNameKey", normalizeEmail(value));
    case "externalid":
      return narrowed(query, "externalId", value);
    case "id":
      return narrowed(query, "id", value);
    case "emails":
    case "emails.value":
      return narrowed(query, "emailNormalized", normalizeEmail(value));
    default:
      throw unsupported(`the attribute ${attrPath}`);
  }
}

/**
 * A user's one email is of type `work` and primary: `emails[type eq "work"]` holds for everyone,
 * `emails[value eq "…"]` is an email match, anything else matches no one.
 */
function emailValuePath(query: ScimUserQuery, valFilter: Filter): ScimUserQuery | null {
  if (valFilter.op !== "eq") throw unsupported("emails[…] with anything but eq");
  const attribute = valFilter.attrPath.toLowerCase();
  if (attribute === "value") return comparison(query, "emails", valFilter.compValue);
  if (attribute === "type") return typeof valFilter.compValue === "string" && valFilter.compValue.toLowerCase() === "work" ? query : null;
  if (attribute === "primary") return valFilter.compValue === true ? query : null;
  throw unsupported(`emails.${valFilter.attrPath}`);
}

function translated(filter: Filter, query: ScimUserQuery): ScimUserQuery | null {
  switch (filter.op) {
    case "eq":
      return comparison(query, filter.attrPath, filter.compValue);
    case "and":
      return filter.filters.reduce<ScimUserQuery | null>((narrowing, part) => (narrowing ? translated(part, narrowing) : null), query);
    case "[]":
      if (filter.attrPath.toLowerCase() !== "emails") throw unsupported(`${filter.attrPath}[…]`);
      return emailValuePath(query, filter.valFilter);
    default:
      throw unsupported(`the operator ${filter.op}`);
  }
}

/**
 * Turns a SCIM filter into the store's exact-match query: `eq` on userName (case-insensitive, like
 * sign-in), externalId, id and emails, joined by `and` — what Entra ID and Okta send. Null means
 * "matches no one" (contradictory conditions). Anything else is a 400 `invalidFilter`.
 */
export function queryOfFilter(filter: string | undefined): ScimUserQuery | null {
  if (filter === undefined || filter.trim() === "") return {};
  if (filter.length > MAX_FILTER_LENGTH) throw unsupported("it is too long");
  let ast: Filter;
  try {
    ast = parse(filter);
  } catch {
    throw new ScimError(400, "The filter is not valid SCIM filter syntax (strings must be quoted)", "invalidFilter");
  }
  return translated(ast, {});
}
