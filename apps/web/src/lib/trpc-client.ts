import type { AppRouter } from "@jams/server";
import { createTRPCClient, httpLink } from "@trpc/client";
import { readSessionToken } from "./session.ts";

/** One HTTP request per call (no batching): simpler server logs. Sends the session as a bearer token. */
export const trpcClient = createTRPCClient<AppRouter>({
  links: [
    httpLink({
      url: "/trpc",
      headers() {
        const token = readSessionToken();
        return token ? { Authorization: `Bearer ${token}` } : {};
      },
    }),
  ],
});
