import { ScimError as PatchLibraryError, type ScimPatchOperation, type ScimResource, scimPatch } from "scim-patch";
import { parse } from "scim2-parse-filter";
import { isJsonObject } from "../json-object.ts";
import { ScimError } from "./scim-error.ts";
import { activeValue, IGNORED_ATTRIBUTES, READ_ONLY_ATTRIBUTES, type ScimUser, STORED_ATTRIBUTES } from "./scim-user.ts";

export const PATCH_OP_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const MAX_OPERATIONS = 100;
const CORE_USER_PREFIX = /^urn:ietf:params:scim:schemas:core:2\.0:user:/i;
const SUB_ATTRIBUTES: Record<string, Map<string, string>> = {
  name: new Map(["formatted", "givenName", "familyName"].map((name) => [name.toLowerCase(), name])),
  emails: new Map(["value", "type", "primary"].map((name) => [name.toLowerCase(), name])),
};

type Op = "add" | "replace" | "remove";

const lowerCaseKeys = (object: Record<string, unknown>) =>
  new Map(Object.entries(object).map(([key, value]) => [key.toLowerCase(), value]));

/** `[type eq "Work"]` → `[type eq "work"]`: a filter on an email, attribute names and type values in canonical case. */
function canonicalEmailFilter(inner: string): string {
  let filter: ReturnType<typeof parse>;
  try {
    filter = parse(inner);
  } catch {
    throw new ScimError(400, `Invalid filter in path: [${inner}]`, "invalidPath");
  }
  if (filter.op !== "eq") throw new ScimError(400, `Unsupported filter in path: [${inner}]`, "invalidPath");
  const attribute = SUB_ATTRIBUTES.emails?.get(filter.attrPath.toLowerCase());
  if (!attribute) throw new ScimError(400, `Unknown attribute in path filter: ${filter.attrPath}`, "invalidPath");
  const value = attribute === "type" && typeof filter.compValue === "string" ? filter.compValue.toLowerCase() : filter.compValue;
  return `[${attribute} eq ${JSON.stringify(value)}]`;
}

/**
 * A PATCH path in the schema's own case (RFC 7643 §2.1: attribute names are case-insensitive), the
 * core URN prefix dropped. Null for attributes JAMS IMES ignores (extensions, `title`, `manager`, …);
 * read-only ones are a `mutability` error, unknown ones an `invalidPath` error.
 */
function canonicalPath(raw: string): string | null {
  const path = raw.trim().replace(CORE_USER_PREFIX, "");
  if (/^urn:/i.test(path)) return null;
  const match = /^([A-Za-z][\w$-]*)(?:\[([^\]]*)\])?(?:\.([A-Za-z][\w$-]*))?$/.exec(path);
  if (!match?.[1]) throw new ScimError(400, `Invalid path: ${raw}`, "invalidPath");
  const head = match[1].toLowerCase();
  if (READ_ONLY_ATTRIBUTES.has(head)) throw new ScimError(400, `${match[1]} is read-only`, "mutability");
  if (IGNORED_ATTRIBUTES.has(head)) return null;
  const attribute = STORED_ATTRIBUTES.get(head);
  if (!attribute) throw new ScimError(400, `Unknown attribute: ${match[1]}`, "invalidPath");
  const subAttributes = SUB_ATTRIBUTES[attribute];
  const filter = match[2] === undefined ? "" : attribute === "emails" ? canonicalEmailFilter(match[2]) : undefined;
  if (filter === undefined) throw new ScimError(400, `${attribute} cannot be filtered`, "invalidPath");
  if (match[3] === undefined) return `${attribute}${filter}`;
  const sub = subAttributes?.get(match[3].toLowerCase());
  if (!sub) throw new ScimError(400, `Unknown attribute: ${attribute}.${match[3]}`, "invalidPath");
  return `${attribute}${filter}.${sub}`;
}

/** Drops `null` members (Entra's "no value", e.g. `"$ref": null`) from an operation's value. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!isJsonObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, member]) => member !== null)
      .map(([key, member]) => [key, withoutNulls(member)]),
  );
}

function operationFor(op: Op, rawPath: string, value: unknown): ScimPatchOperation[] {
  const path = canonicalPath(rawPath);
  if (path === null) return [];
  if (op === "remove" || value === null) return [{ op: "remove", path }];
  if (value === undefined) throw new ScimError(400, `${op} ${path} needs a value`, "invalidValue");
  return [{ op, path, value: path === "active" ? activeValue(value) : withoutNulls(value) }];
}

/** A path-less value's leaves as paths: `{ name: { givenName } }` and `{ "name.givenName" }` alike become `name.givenName`. */
function leavesOf(value: Record<string, unknown>, prefix = ""): Array<[string, unknown]> {
  return Object.entries(value).flatMap(([key, member]): Array<[string, unknown]> => {
    const path = prefix ? `${prefix}.${key}` : key;
    const isComplex = !prefix && isJsonObject(member) && key.replace(CORE_USER_PREFIX, "").toLowerCase() === "name";
    return isComplex ? leavesOf(member as Record<string, unknown>, key.replace(CORE_USER_PREFIX, "")) : [[path, member]];
  });
}

/**
 * The operations of a PATCH request (RFC 7644 §3.5.2) as `scim-patch` applies them, after the
 * normalisation real clients need: `op` in any case (Entra sends "Replace"), `active` as "True"/"False"
 * strings, attribute names in any case, URN-prefixed paths, path-less values with dotted keys or
 * complex members (each leaf becomes its own operation, so `{name: {givenName}}` leaves familyName
 * alone), `null` meaning "remove", and attributes JAMS IMES doesn't keep (manager, title, …) dropped.
 */
export function operationsOf(body: unknown): ScimPatchOperation[] {
  if (!isJsonObject(body)) throw new ScimError(400, "The body must be a SCIM PatchOp (a JSON object)", "invalidSyntax");
  const fields = lowerCaseKeys(body);
  const schemas = fields.get("schemas");
  if (
    !Array.isArray(schemas) ||
    !schemas.some((schema) => typeof schema === "string" && schema.toLowerCase() === PATCH_OP_SCHEMA.toLowerCase())
  ) {
    throw new ScimError(400, `schemas must contain ${PATCH_OP_SCHEMA}`, "invalidSyntax");
  }
  const operations = fields.get("operations");
  if (!Array.isArray(operations) || operations.length === 0)
    throw new ScimError(400, "Operations must be a non-empty list", "invalidSyntax");
  if (operations.length > MAX_OPERATIONS) throw new ScimError(400, `At most ${MAX_OPERATIONS} operations per request`, "tooMany");
  return operations.flatMap((raw): ScimPatchOperation[] => {
    if (!isJsonObject(raw)) throw new ScimError(400, "Each operation must be an object", "invalidSyntax");
    const operation = lowerCaseKeys(raw);
    const op = typeof operation.get("op") === "string" ? (operation.get("op") as string).toLowerCase() : "";
    if (op !== "add" && op !== "replace" && op !== "remove") throw new ScimError(400, "op must be add, replace or remove", "invalidSyntax");
    const path = operation.get("path");
    const value = operation.get("value");
    if (typeof path === "string" && path.trim() !== "") return operationFor(op, path, value);
    if (path !== undefined && path !== null && path !== "") throw new ScimError(400, "path must be a string", "invalidPath");
    if (op === "remove") throw new ScimError(400, "remove needs a path", "noTarget");
    if (!isJsonObject(value)) throw new ScimError(400, `${op} without a path needs an object value`, "invalidValue");
    return leavesOf(value).flatMap(([leaf, member]) => (leaf.toLowerCase() === "id" ? [] : operationFor(op, leaf, member)));
  });
}

const composedName = (name: unknown) =>
  isJsonObject(name) ? [name.givenName, name.familyName].filter((part) => typeof part === "string" && part).join(" ") : "";

/**
 * Applies the operations to the user's resource, all or nothing (RFC 7644 §3.5.2: a PATCH is atomic).
 * When the given or family name changes, the names JAMS IMES derived from them (`name.formatted`,
 * and `displayName` when it was just the two parts) follow, as Microsoft's sample responses show.
 */
export function patched(resource: ScimUser, operations: ScimPatchOperation[]): Record<string, unknown> {
  const working = structuredClone(resource) as ScimUser & Record<string, unknown>;
  const paths = new Set(operations.map((operation) => operation.path));
  const changesParts = paths.has("name.givenName") || paths.has("name.familyName") || paths.has("name");
  if (changesParts && working.name && !paths.has("name.formatted")) delete working.name.formatted;
  if (changesParts && !paths.has("displayName") && working.displayName === composedName(resource.name)) delete working.displayName;
  try {
    return scimPatch(working as unknown as ScimResource, operations, {
      mutateDocument: true,
      treatMissingAsAdd: true,
    }) as unknown as Record<string, unknown>;
  } catch (error) {
    if (error instanceof PatchLibraryError)
      throw new ScimError(400, error.message, error.scimCode === "noTarget" ? "noTarget" : "invalidValue");
    throw error;
  }
}
