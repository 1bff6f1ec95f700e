import type { TestApp } from "./test-app.ts";

export interface ScimAnswer {
  status: number;
  contentType: string | null;
  location: string | null;
  // biome-ignore lint/suspicious/noExplicitAny: SCIM resources are free-form JSON that tests read field by field
  body: any;
}

/** Generates a SCIM token for the tenant of `adminToken` through the API, as the admin page does. */
export async function scimTokenFor(t: Pick<TestApp, "mutate">, adminToken: string): Promise<string> {
  const answer = await t.mutate<{ token: string }>("scim.rotateToken", undefined, adminToken);
  if (!answer.data?.token) throw new Error(`scim.rotateToken failed: ${JSON.stringify(answer.error)}`);
  return answer.data.token;
}

/** A SCIM client over real HTTP, as Entra's provisioning service or Okta would call `${baseUrl}/scim/v2`. */
export function scimClient(baseUrl: string, token: string) {
  const request = async (method: string, path: string, body?: unknown, rawBody?: string): Promise<ScimAnswer> => {
    const response = await fetch(`${baseUrl}/scim/v2${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/scim+json", accept: "application/scim+json" },
      ...(rawBody !== undefined ? { body: rawBody } : body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      contentType: response.headers.get("content-type"),
      location: response.headers.get("location"),
      body: text ? JSON.parse(text) : undefined,
    };
  };
  return {
    get: (path: string) => request("GET", path),
    post: (path: string, body: unknown) => request("POST", path, body),
    put: (path: string, body: unknown) => request("PUT", path, body),
    patch: (path: string, body: unknown) => request("PATCH", path, body),
    delete: (path: string) => request("DELETE", path),
    raw: (method: string, path: string, rawBody: string) => request(method, path, undefined, rawBody),
  };
}

export type ScimClient = ReturnType<typeof scimClient>;

/** `?filter=` as the clients send it. */
export const byFilter = (filter: string, extra = "") => `/Users?filter=${encodeURIComponent(filter)}${extra}`;
