import { type LocalIdp, type LocalIdpAccount, startLocalIdp } from "@jams/local-idp";
import { signUpWorkspace, type TestApp } from "./test-app.ts";

/** A distinctive client secret: tests grep logs, responses and the database for it. */
export const CLIENT_SECRET = "sekret-Zq8vW3-never-print-me-7Kp";
export const CLIENT_ID = "jams-imes-test";

/** The local IdP with the app registered as its client (back-channel logout URI included) and these accounts. */
export function startIdpFor(t: Pick<TestApp, "config">, accounts: LocalIdpAccount[]): Promise<LocalIdp> {
  return startLocalIdp({
    clients: [
      {
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        redirectUris: [`${t.config.publicUrl}/auth/sso/callback`],
        backchannelLogoutUri: `${t.config.publicUrl}/auth/sso/backchannel-logout`,
      },
    ],
    accounts,
  });
}

export interface SsoSaveFields {
  displayName?: string;
  issuer?: string;
  clientId?: string;
  clientSecret?: string;
}

export function saveSso(t: TestApp, adminToken: string, idp: LocalIdp, fields: SsoSaveFields = {}) {
  return t.mutate<{ config: { issuer: string; enforce: boolean } | null }>(
    "sso.save",
    { displayName: "Local IdP", issuer: idp.issuer, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, ...fields },
    adminToken,
  );
}

/** A tenant whose admin signed up by password and configured SSO against `idp`. */
export async function ssoTenant(t: TestApp, idp: LocalIdp, adminEmail = "admin@acme.com", workspace = "Acme") {
  const adminToken = await signUpWorkspace(t, adminEmail, workspace);
  const saved = await saveSso(t, adminToken, idp);
  if (saved.status !== 200) throw new Error(`sso.save failed: ${JSON.stringify(saved.error)}`);
  return adminToken;
}

const cookieOf = (response: Response) => response.headers.get("set-cookie")?.split(";")[0] ?? "";

/** The SPA's own navigation to `/auth/sso/start`, as browsers mark it. */
export const OWN_NAVIGATION = { "sec-fetch-site": "same-origin" } as const;

/** GET /auth/sso/start as the SPA's button navigates there: the IdP URL and the transaction cookie. */
export async function beginSso(t: TestApp, email: string, returnTo?: string) {
  const query = new URLSearchParams({ email, ...(returnTo ? { returnTo } : {}) });
  const response = await t.app.request(`/auth/sso/start?${query}`, { headers: OWN_NAVIGATION });
  return { response, location: new URL(response.headers.get("location") ?? "", t.config.publicUrl), cookie: cookieOf(response) };
}

/** GET the callback URL the IdP redirected to, with the transaction cookie (if any). */
export async function finishSso(t: TestApp, callbackUrl: URL, cookie: string) {
  const response = await t.app.request(callbackUrl.toString(), { headers: cookie ? { cookie } : {} });
  const binder =
    response.headers
      .getSetCookie()
      .find((entry) => entry.includes("jams_sso_binder="))
      ?.split(";")[0] ?? "";
  return { response, location: new URL(response.headers.get("location") ?? "", t.config.publicUrl), binder };
}

/** `auth.redeemSsoHandoff` as the SPA calls it after a callback: the fragment's code plus the browser's binder cookie. */
export function redeemSso(t: TestApp, done: { location: URL; binder: string }) {
  return t.mutate<{ token: string }>("auth.redeemSsoHandoff", { code: handoffCodeOf(done.location) }, undefined, done.binder);
}

export const ssoErrorOf = (location: URL) => location.searchParams.get("sso_error");

export const handoffCodeOf = (location: URL) => new URLSearchParams(location.hash.slice(1)).get("code");

/** The app's view of one sign-in attempt through an IdP that redirects back at once (the hostile IdP). */
export async function attemptSsoViaAutoIdp(t: TestApp, email: string, tamper?: (callback: URL) => void) {
  const start = await beginSso(t, email);
  if (start.location.pathname === "/login") return { location: start.location, callbackUrl: undefined };
  const atIdp = await fetch(start.location, { redirect: "manual" });
  const callbackUrl = new URL(atIdp.headers.get("location") ?? "");
  tamper?.(callbackUrl);
  return { ...(await finishSso(t, callbackUrl, start.cookie)), callbackUrl };
}

/** A tenant with one invited user (`user@acme.com` unless said), whose SSO points at `issuer`. */
export async function tenantUsingIssuer(
  t: TestApp,
  issuer: string,
  adminEmail = "admin@acme.com",
  workspace = "Acme",
  invitee = "user@acme.com",
) {
  const adminToken = await signUpWorkspace(t, adminEmail, workspace);
  const saved = await t.mutate("sso.save", { displayName: "IdP", issuer, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }, adminToken);
  if (saved.status !== 200) throw new Error(`sso.save failed: ${JSON.stringify(saved.error)}`);
  await t.mutate("team.invite", { email: invitee, role: "member" }, adminToken);
  return adminToken;
}

/**
 * What the settings page's Test sign-in does: get a ticket, post it from the new window to
 * `/auth/sso/test`, and read where its page refreshes to (the IdP) and the transaction cookie.
 */
export async function startTestSignIn(t: TestApp, adminToken: string) {
  const ticket = await t.mutate<{ ticket: string }>("sso.startTest", undefined, adminToken);
  if (!ticket.data) throw new Error(`sso.startTest failed: ${JSON.stringify(ticket.error)}`);
  const response = await postTestTicket(t, ticket.data.ticket);
  const page = await response.text();
  const refresh = /http-equiv="refresh" content="0;url=([^"]+)"/.exec(page)?.[1]?.replaceAll("&amp;", "&");
  return { response, ticket: ticket.data.ticket, authorizationUrl: refresh ? new URL(refresh) : undefined, cookie: cookieOf(response) };
}

/** POST /auth/sso/test as the window's form does. */
export function postTestTicket(t: TestApp, ticket: string, headers: Record<string, string> = OWN_NAVIGATION) {
  return t.app.request("/auth/sso/test", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams({ ticket }).toString(),
  });
}
