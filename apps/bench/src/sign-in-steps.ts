import { driveBrowserlessLogin } from "@jams/local-idp";
import { SSO_USER_COUNT, ssoUserEmail } from "./bench-data.ts";
import { cpuMs } from "./process-stats.ts";
import { callbackStep, redeemStep, startStep } from "./sso-signins.ts";

export interface StepFigures {
  start: number;
  callback: number;
  redeem: number;
}

/**
 * Where a sign-in's server CPU goes, one step at a time: `count` starts, then (server idle) the
 * IdP logins, then the `count` callbacks (including the server's token request to the IdP),
 * then the `count` redeems. CPU milliseconds per sign-in for each step.
 */
export async function measureSignInSteps(origin: string, serverPid: number, count: number): Promise<StepFigures> {
  const emails = Array.from({ length: count }, (_, index) => ssoUserEmail(index % SSO_USER_COUNT));
  const before = cpuMs(serverPid);
  const started = [];
  for (const email of emails) started.push(await startStep(origin, email));
  const afterStart = cpuMs(serverPid);
  const callbackUrls = [];
  for (const entry of started) callbackUrls.push(await driveBrowserlessLogin(entry.authorizationUrl, entry.email));
  const beforeCallback = cpuMs(serverPid);
  const handoffs = [];
  for (const [index, entry] of started.entries()) handoffs.push(await callbackStep(entry, callbackUrls[index] as URL));
  const afterCallback = cpuMs(serverPid);
  for (const handoff of handoffs) await redeemStep(origin, handoff);
  const afterRedeem = cpuMs(serverPid);
  return {
    start: (afterStart - before) / count,
    callback: (afterCallback - beforeCallback) / count,
    redeem: (afterRedeem - afterCallback) / count,
  };
}
