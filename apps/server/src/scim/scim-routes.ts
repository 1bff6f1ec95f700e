import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { sha256Base64url } from "../digest.ts";
import type { AppDeps } from "../trpc/context.ts";
import {
  LIST_RESPONSE_SCHEMA,
  listOf,
  MAX_PAGE_SIZE,
  serviceProviderConfig,
  USER_SCHEMA,
  userResourceType,
  userSchema,
} from "./scim-discovery.ts";
import { ScimError } from "./scim-error.ts";
import { queryOfFilter } from "./scim-filter.ts";
import { operationsOf, patched } from "./scim-patch-request.ts";
import { type Projection, project, projectionOf } from "./scim-projection.ts";
import { isScimTokenShape } from "./scim-token.ts";
import { fieldsOf, toScimUser } from "./scim-user.ts";

const SCIM_CONTENT_TYPE = "application/scim+json";
const MAX_BODY_BYTES = 64 * 1024;
const DEFAULT_PAGE_SIZE = 100;

type ScimEnv = { Variables: { tenantId: string } };

/** Answers in SCIM's media type (RFC 7644 §3.1), never cached. */
function scimJson(c: Context, body: unknown, status: 200 | 201 = 200) {
  c.header("Cache-Control", "no-store");
  return c.body(JSON.stringify(body), status, { "Content-Type": SCIM_CONTENT_TYPE });
}

function scimErrorResponse(c: Context, error: ScimError) {
  c.header("Cache-Control", "no-store");
  if (error.status === 401) c.header("WWW-Authenticate", 'Bearer realm="SCIM"');
  return c.body(JSON.stringify(error), error.status, { "Content-Type": SCIM_CONTENT_TYPE });
}

/** `startIndex` / `count` as integers (RFC 7644 §3.4.2.4): below 1 reads as 1, a negative count as 0, at most MAX_PAGE_SIZE. */
function pageOf(startIndex: string | undefined, count: string | undefined) {
  const integer = (value: string | undefined, name: string, fallback: number) => {
    if (value === undefined || value === "") return fallback;
    if (!/^-?\d{1,9}$/.test(value)) throw new ScimError(400, `${name} must be an integer`, "invalidValue");
    return Number(value);
  };
  const start = Math.max(1, integer(startIndex, "startIndex", 1));
  const limit = Math.min(MAX_PAGE_SIZE, Math.max(0, integer(count, "count", DEFAULT_PAGE_SIZE)));
  return { start, limit };
}

async function jsonBody(c: Context): Promise<unknown> {
  const text = await c.req.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new ScimError(400, "The body is not valid JSON", "invalidSyntax");
  }
}

/**
 * The SCIM 2.0 service provider (RFC 7643/7644) at `/scim/v2` (SPEC §10): Users, and the discovery
 * endpoints. The bearer token alone decides the tenant; nothing in the URL or body can name another.
 */
export function createScimRoutes(deps: AppDeps) {
  const baseUrl = `${deps.config.publicUrl}/scim/v2`;
  const routes = new Hono<ScimEnv>();

  routes.onError((error, c) => {
    if (error instanceof ScimError) return scimErrorResponse(c, error);
    deps.logger.error("scim.unhandled_error", { path: c.req.path, error: error.name });
    return scimErrorResponse(c, new ScimError(500, "Something went wrong on our side"));
  });

  routes.use(async (c, next) => {
    const token = c.req.header("authorization")?.match(/^Bearer (\S+)$/i)?.[1];
    const tenantId = token && isScimTokenShape(token) ? await deps.store.scim.authenticate(sha256Base64url(token), Date.now()) : undefined;
    if (!tenantId) throw new ScimError(401, "A valid SCIM bearer token is required (Integrations → SCIM)");
    c.set("tenantId", tenantId);
    await next();
  });
  routes.use(
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => scimErrorResponse(c, new ScimError(400, `The body is larger than ${MAX_BODY_BYTES / 1024} KiB`, "invalidSyntax")),
    }),
  );

  routes.get("/ServiceProviderConfig", (c) => scimJson(c, serviceProviderConfig(baseUrl)));
  routes.get("/ResourceTypes", (c) => scimJson(c, listOf([userResourceType(baseUrl)])));
  routes.get("/ResourceTypes/User", (c) => scimJson(c, userResourceType(baseUrl)));
  routes.get("/Schemas", (c) => scimJson(c, listOf([userSchema(baseUrl)])));
  routes.get(`/Schemas/${USER_SCHEMA}`, (c) => scimJson(c, userSchema(baseUrl)));

  const noGroups = () => {
    throw new ScimError(404, "JAMS IMES provisions users, not groups: assign users to the app, and turn group provisioning off");
  };
  routes.all("/Groups", noGroups);
  routes.all("/Groups/*", noGroups);

  routes.get("/Users", async (c) => {
    const projection = projectionOf(c.req.query());
    const query = queryOfFilter(c.req.query("filter"));
    const { start, limit } = pageOf(c.req.query("startIndex"), c.req.query("count"));
    const { total, users } = query
      ? await deps.store.scim.listUsers(c.var.tenantId, query, { offset: start - 1, limit })
      : { total: 0, users: [] };
    return scimJson(c, {
      schemas: [LIST_RESPONSE_SCHEMA],
      totalResults: total,
      startIndex: start,
      itemsPerPage: users.length,
      Resources: users.map((user) => project(toScimUser(user, baseUrl), projection)),
    });
  });

  routes.post("/Users", async (c) => {
    const projection = projectionOf(c.req.query());
    const fields = fieldsOf(await jsonBody(c), true);
    const created = await deps.store.scim.createUser(c.var.tenantId, fields, Date.now());
    if ("problem" in created) throw new ScimError(409, "A user with this userName or email already exists", "uniqueness");
    const resource = toScimUser(created.user, baseUrl);
    c.header("Location", resource.meta.location);
    return scimJson(c, project(resource, projection), 201);
  });

  const userOr404 = async (tenantId: string, userId: string) => {
    const user = await deps.store.scim.findUser(tenantId, userId);
    if (!user) throw new ScimError(404, `User ${userId} not found`);
    return user;
  };

  /** Saves a PUT or PATCH; the projection is read from the query before anything is written. */
  const saved = async (c: Context<ScimEnv>, userId: string, fields: ReturnType<typeof fieldsOf>, projection: Projection) => {
    const result = await deps.store.scim.updateUser(c.var.tenantId, userId, fields, Date.now());
    if ("problem" in result) {
      if (result.problem === "not_found") throw new ScimError(404, `User ${userId} not found`);
      throw new ScimError(409, "Another user already has this userName or email", "uniqueness");
    }
    return scimJson(c, project(toScimUser(result.user, baseUrl), projection));
  };

  routes.get("/Users/:id", async (c) => {
    const user = await userOr404(c.var.tenantId, c.req.param("id"));
    return scimJson(c, project(toScimUser(user, baseUrl), projectionOf(c.req.query())));
  });

  routes.put("/Users/:id", async (c) => {
    const projection = projectionOf(c.req.query());
    const user = await userOr404(c.var.tenantId, c.req.param("id"));
    return saved(c, user.id, fieldsOf(await jsonBody(c), user.status !== "disabled"), projection);
  });

  routes.patch("/Users/:id", async (c) => {
    const projection = projectionOf(c.req.query());
    const user = await userOr404(c.var.tenantId, c.req.param("id"));
    const operations = operationsOf(await jsonBody(c));
    const resource = patched(toScimUser(user, baseUrl), operations);
    return saved(c, user.id, fieldsOf(resource, user.status !== "disabled"), projection);
  });

  routes.delete("/Users/:id", async (c) => {
    const isDeleted = await deps.store.scim.deleteUser(c.var.tenantId, c.req.param("id"), Date.now());
    if (!isDeleted) throw new ScimError(404, `User ${c.req.param("id")} not found`);
    c.header("Cache-Control", "no-store");
    return c.body(null, 204);
  });

  routes.all("*", () => {
    throw new ScimError(404, "No such SCIM endpoint");
  });

  return routes;
}
