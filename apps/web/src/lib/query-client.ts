import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { navigate } from "../router.tsx";
import { readApiError } from "./api-error.ts";
import { loginUrlReturningTo } from "./return-to.ts";
import { clearSessionToken, readSessionToken } from "./session.ts";

/** Retries only what may heal by itself: an unreachable server or a 5xx, twice at most. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  const { code } = readApiError(error);
  return failureCount < 2 && (code === undefined || code === "INTERNAL_SERVER_ERROR");
}

/** A token the server no longer accepts (expired, user deactivated) ends the session wherever it is noticed. */
function endSessionIfUnauthorized(error: unknown): void {
  if (readApiError(error).code === "UNAUTHORIZED" && readSessionToken()) {
    signOut({ returnTo: window.location.pathname + window.location.search });
  }
}

export const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: endSessionIfUnauthorized }),
  mutationCache: new MutationCache({ onError: endSessionIfUnauthorized }),
  defaultOptions: {
    queries: { retry: shouldRetry, refetchOnWindowFocus: false, staleTime: 30_000 },
  },
});

/** Forgets the token and every cached answer, then shows `/login` (coming back to `returnTo` afterwards). */
export function signOut(options: { returnTo?: string } = {}): void {
  clearSessionToken();
  queryClient.clear();
  navigate(options.returnTo ? loginUrlReturningTo(options.returnTo) : "/login", { replace: true });
}
