import { driveBrowserlessLogin, type LocalIdp } from "@jams/local-idp";
import { SSO_USER_COUNT, ssoUserEmail } from "./bench-data.ts";
import { cpuMs } from "./process-stats.ts";

/** One whole SSO sign-in over HTTP, as a browser would do it, ending with a session token. */
async function signInOnce(origin: string, email: string): Promise<void> {
  const start = await fetch(`${origin}/auth/sso/start?${new URLSearchParams({ email })}`, { redirect: "manual" });
  const cookie = start.headers.get("set-cookie")?.split(";")[0] ?? "";
  const callback = await driveBrowserlessLogin(start.headers.get("location") ?? "", email);
  const done = await fetch(callback, { headers: { cookie }, redirect: "manual" });
  const code = new URLSearchParams(new URL(done.headers.get("location") ?? "").hash.slice(1)).get("code");
  if (!code) throw new Error(`sign-in failed: ${done.headers.get("location")}`);
  const binder =
    done.headers
      .getSetCookie()
      .find((entry) => entry.includes("jams_sso_binder="))
      ?.split(";")[0] ?? "";
  const redeemed = await fetch(`${origin}/trpc/auth.redeemSsoHandoff`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie: binder },
    body: JSON.stringify({ code }),
  });
  if (!redeemed.ok) throw new Error(`redeem failed: ${redeemed.status}`);
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
