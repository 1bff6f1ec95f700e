import { ScimError } from "./scim-error.ts";

/** Returned whatever `attributes` or `excludedAttributes` say (RFC 7643 §7 "returned: always"). */
const ALWAYS_RETURNED = new Set(["id", "schemas"]);
const CORE_PREFIX = /^urn:ietf:params:scim:schemas:core:2\.0:user:/i;

export interface Projection {
  attributes?: string[];
  excludedAttributes?: string[];
}

/** Reads `attributes` / `excludedAttributes` (comma-separated, URN prefix optional, `name.givenName` for sub-attributes); not both. */
export function projectionOf(query: { attributes?: string | undefined; excludedAttributes?: string | undefined }): Projection {
  const list = (value: string | undefined) =>
    value === undefined
      ? undefined
      : value
          .split(",")
          .map((name) => name.trim().replace(CORE_PREFIX, "").toLowerCase())
          .filter(Boolean);
  const attributes = list(query.attributes);
  const excludedAttributes = list(query.excludedAttributes);
  if (attributes && excludedAttributes) throw new ScimError(400, "Give attributes or excludedAttributes, not both", "invalidSyntax");
  return { ...(attributes ? { attributes } : {}), ...(excludedAttributes ? { excludedAttributes } : {}) };
}

function keep(resource: Record<string, unknown>, names: string[]): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(resource)) {
    const lower = key.toLowerCase();
    if (ALWAYS_RETURNED.has(lower) || names.includes(lower)) {
      kept[key] = value;
      continue;
    }
    const subNames = names.filter((name) => name.startsWith(`${lower}.`)).map((name) => name.slice(lower.length + 1));
    if (subNames.length > 0 && typeof value === "object" && value !== null && !Array.isArray(value)) {
      kept[key] = keep(value as Record<string, unknown>, subNames);
    }
  }
  return kept;
}

function drop(resource: Record<string, unknown>, names: string[]): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(resource)) {
    const lower = key.toLowerCase();
    if (!ALWAYS_RETURNED.has(lower) && names.includes(lower)) continue;
    const subNames = names.filter((name) => name.startsWith(`${lower}.`)).map((name) => name.slice(lower.length + 1));
    kept[key] =
      subNames.length > 0 && typeof value === "object" && value !== null && !Array.isArray(value)
        ? drop(value as Record<string, unknown>, subNames)
        : value;
  }
  return kept;
}

/** The resource with only the asked attributes, or without the excluded ones (RFC 7644 §3.4.2.5, §3.9). */
export function project<T extends Record<string, unknown>>(resource: T, projection: Projection): Record<string, unknown> {
  if (projection.attributes) return keep(resource, projection.attributes);
  if (projection.excludedAttributes) return drop(resource, projection.excludedAttributes);
  return resource;
}
