import { driveBrowserlessLogin, type LocalIdp } from "@jams/local-idp";
import { SSO_USER_COUNT, ssoUserEmail } from "./bench-data.ts";
import { cpuMs } from "./process-stats.ts";

interface Started {
  email: string;
  cookie: string;
  authorizationUrl: string;
}

/** `/auth/sso/start` as a browser would call it: the transaction cookie and the IdP URL. */
export async function startStep(origin: string, email: string): Promise<Started> {
  const start = await fetch(`${origin}/auth/sso/start?${new URLSearchParams({ email })}`, { redirect: "manual" });
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

/** One whole SSO sign-in over HTTP, as a browser would do it, ending with a session token. */
async function signInOnce(origin: string, email: string): Promise<void> {
  const started = await startStep(origin, email);
  const callbackUrl = await driveBrowserlessLogin(started.authorizationUrl, email);
  await redeemStep(origin, await callbackStep(started, callbackUrl));
}

export interface SignInFigures {
  concurrency: number;
  signIns: number;
  signInsPerSecond: number;
  serverCpuMsPerSignIn: number;
  backChannelPerSignIn: number;
}

/** `total` sign-ins, `concurrency` at a time: throughput, the server's CPU per sign-in, IdP calls per sign-in. */
export async function measureSignIns(
  origin: string,
  serverPid: number,
  idp: LocalIdp,
  concurrency: number,
  total: number,
): Promise<SignInFigures> {
  idp.resetCounts();
  let next = 0;
  const cpuBefore = cpuMs(serverPid);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const index = next++;
        await signInOnce(origin, ssoUserEmail(index % SSO_USER_COUNT));
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    concurrency,
    signIns: total,
    signInsPerSecond: total / seconds,
    serverCpuMsPerSignIn: (cpuMs(serverPid) - cpuBefore) / total,
    backChannelPerSignIn: idp.backChannelCounts().total / total,
  };
}

/** Warms the server's discovery and JWKS caches, as any running server has them. */
export async function warmUp(origin: string, count = 5): Promise<void> {
  for (let index = 0; index < count; index++) await signInOnce(origin, ssoUserEmail(index));
}
