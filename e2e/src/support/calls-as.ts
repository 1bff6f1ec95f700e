import type { Page } from "playwright-core";
import { expect } from "vitest";
import { httpClientOf, type TrpcAnswer } from "./http-client.ts";

/** A date `days` from now, as the settings form sends it (YYYY-MM-DD). */
export const dateIn = (days: number) => new Date(Date.now() + days * 24 * 60 * 60_000).toISOString().slice(0, 10);

/**
 * tRPC calls made with the session of whoever is signed in on `page` (the token the SPA keeps), or
 * without one: a shortcut to set up what a journey does not walk through. Any answer but 200 fails.
 */
export function callsAs(page: Page | null, origin: string) {
  const api = httpClientOf(origin);
  const token = async () => (page ? ((await page.evaluate(() => window.localStorage.getItem("jams.session"))) ?? undefined) : undefined);
  const succeeded = <T>(path: string, answer: TrpcAnswer<T>) => {
    expect(answer.status, `${path}: ${JSON.stringify(answer.error)}`).toBe(200);
    return answer.data;
  };
  return {
    query: async <T>(path: string, input?: unknown) => succeeded(path, await api.query<T>(path, input, await token())),
    mutate: async <T>(path: string, input?: unknown) => succeeded(path, await api.mutate<T>(path, input, await token())),
  };
}
