/** A tRPC answer as the SPA sees it: the HTTP status, and the data or the error shape. */
export interface TrpcAnswer<T> {
  status: number;
  data: T;
  error?: { message: string; data: { code: string; reason?: string } };
}

const cookieOf = (response: Response, name: string) =>
  response.headers
    .getSetCookie()
    .find((entry) => entry.startsWith(`${name}=`))
    ?.split(";")[0] ?? "";

/** A browser-less client of one server instance, over real HTTP, as the SPA and a browser would call it. */
export function httpClientOf(origin: string) {
  const call = async <T>(path: string, init: RequestInit): Promise<TrpcAnswer<T>> => {
    const response = await fetch(`${origin}/trpc/${path}`, init);
    const body = (await response.json()) as { result?: { data: T }; error?: TrpcAnswer<T>["error"] };
    return { status: response.status, data: body.result?.data as T, ...(body.error ? { error: body.error } : {}) };
  };
  const headersOf = (token?: string, cookie?: string): Record<string, string> => ({
    ...(token ? { authorization: `Bearer ${token}` } : {}),
    ...(cookie ? { cookie } : {}),
  });
  return {
    origin,
    query: <T>(path: string, input?: unknown, token?: string) =>
      call<T>(input === undefined ? path : `${path}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers: headersOf(token) }),
    mutate: <T>(path: string, input?: unknown, token?: string, cookie?: string) =>
      call<T>(path, {
        method: "POST",
        headers: { ...headersOf(token, cookie), "content-type": "application/json" },
        ...(input === undefined ? {} : { body: JSON.stringify(input) }),
      }),
    /** `/auth/sso/start` as the SPA's own navigation: the IdP URL and the transaction cookie. */
    startSso: async (email: string) => {
      const response = await fetch(`${origin}/auth/sso/start?${new URLSearchParams({ email })}`, {
        redirect: "manual",
        headers: { "sec-fetch-site": "same-origin", "sec-fetch-mode": "navigate" },
      });
      return { status: response.status, location: response.headers.get("location") ?? "", cookie: cookieOf(response, "jams_sso_tx") };
    },
    /** The IdP's redirect back, with the transaction cookie: where the browser goes next and the handoff binder cookie. */
    finishSso: async (callbackUrl: URL, cookie: string) => {
      const response = await fetch(`${origin}${callbackUrl.pathname}${callbackUrl.search}`, { redirect: "manual", headers: { cookie } });
      return { location: new URL(response.headers.get("location") ?? "", origin), binder: cookieOf(response, "jams_sso_binder") };
    },
  };
}

export type HttpClient = ReturnType<typeof httpClientOf>;
