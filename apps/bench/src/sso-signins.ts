import { driveBrowserlessLogin, type LocalIdp } from "@jams/local-idp";
import { SSO_USER_COUNT, ssoUserEmail } from "./bench-data.ts";
import { cpuMs } from "./process-stats.ts";

interface Started {
  email: string;
  cookie: string;
  authorizationUrl: string;
}

/** How browsers mark the SPA's own navigation to `/auth/sso/start` (anything else gets a confirmation page first). */
export const OWN_NAVIGATION = { "sec-fetch-site": "same-origin" };

/** `/auth/sso/start` as the SPA's button navigates there: the transaction cookie and the IdP URL. */
export async function startStep(origin: string, email: string): Promise<Started> {
  const start = await fetch(`${origin}/auth/sso/start?${new URLSearchParams({ email })}`, {
    redirect: "manual",
    headers: OWN_NAVIGATION,
  });
  return { email, cookie: start.headers.get("set-cookie")?.split(";")[0] ?? "", authorizationUrl: start.headers.get("location") ?? "" };
}

/** The Redirect URI with the transaction cookie: the handoff code (URL fragment) and its binder cookie. */
export async function callbackStep(started: Started, callbackUrl: URL): Promise<{ code: string; binder: string }> {
  const done = await fetch(callbackUrl, { headers: { cookie: started.cookie }, redirect: "manual" });
  const code = new URLSearchParams(new URL(done.headers.get("location") ?? "").hash.slice(1)).get("code");
  if (!code) throw new Error(`sign-in failed: ${done.headers.get("location")}`);
  const binder =
    done.headers
      .getSetCookie()
      .find((entry) => entry.includes("jams_sso_binder="))
      ?.split(";")[0] ?? "";
  return { code, binder };
}

/** `auth.redeemSsoHandoff`, as the SPA calls it: the session token. */
export async function redeemStep(origin: string, handoff: { code: string; binder: string }): Promise<void> {
  const redeemed = await fetch(`${origin}/trpc/auth.redeemSsoHandoff`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie: handoff.binder },
    body: JSON.stringify({ code: handoff.code }),
  });
  if (!redeemed.ok) throw new Error(`redeem failed: ${redeemed.status}`);
}

/**
 * One whole SSO sign-in over HTTP, as a browser would do it, ending with a session token. With
 * several instances, each step goes to the next one, as a load balancer without sticky sessions
 * would send it.
 */
async function signInOnce(origins: string[], email: string, first = 0): Promise<void> {
  const at = (step: number) => origins[(first + step) % origins.length] as string;
  const started = await startStep(at(0), email);
  const callbackUrl = await driveBrowserlessLogin(started.authorizationUrl, email);
  const callback = new URL(`${callbackUrl.pathname}${callbackUrl.search}`, at(1));
  await redeemStep(at(2), await callbackStep(started, callback));
}

export interface SignInFigures {
  concurrency: number;
  signIns: number;
  signInsPerSecond: number;
  serverCpuMsPerSignIn: number;
  /** CPU of the database server's processes (0 for SQLite, which runs inside the server). */
  databaseCpuMsPerSignIn: number;
  backChannelPerSignIn: number;
}

/** Where sign-ins go: the server instances' origins and process ids, and the CPU the database server has used so far, if it runs apart. */
export interface SignInTarget {
  origins: string[];
  serverPids: number[];
  databaseCpuMs?: () => number;
}

const totalCpuMs = (pids: number[]) => pids.reduce((sum, pid) => sum + cpuMs(pid), 0);

/** `total` sign-ins, `concurrency` at a time: throughput, the servers' (and database's) CPU per sign-in, IdP calls per sign-in. */
export async function measureSignIns(target: SignInTarget, idp: LocalIdp, concurrency: number, total: number): Promise<SignInFigures> {
  idp.resetCounts();
  let next = 0;
  const databaseCpuMs = target.databaseCpuMs ?? (() => 0);
  const cpuBefore = totalCpuMs(target.serverPids);
  const databaseCpuBefore = databaseCpuMs();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const index = next++;
        await signInOnce(target.origins, ssoUserEmail(index % SSO_USER_COUNT), index);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    concurrency,
    signIns: total,
    signInsPerSecond: total / seconds,
    serverCpuMsPerSignIn: (totalCpuMs(target.serverPids) - cpuBefore) / total,
    databaseCpuMsPerSignIn: (databaseCpuMs() - databaseCpuBefore) / total,
    backChannelPerSignIn: idp.backChannelCounts().total / total,
  };
}

/** Warms the servers' discovery and JWKS caches, as any running server has them. */
export async function warmUp(origins: string[], count = 5): Promise<void> {
  for (let index = 0; index < count * origins.length; index++) await signInOnce(origins, ssoUserEmail(index % SSO_USER_COUNT), index);
}
