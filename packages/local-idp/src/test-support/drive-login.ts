import { LOGIN_PAGE_TITLE } from "../login-page.ts";
import { CookieJar } from "./cookie-jar.ts";

export interface DriveLoginOptions {
  /** Press "Cancel" instead of "Sign in" (the RP then receives `error=access_denied`). */
  cancel?: boolean;
  /** Upper bound on requests made (redirects + form submission); default 20. */
  maxSteps?: number;
}

/** Thrown when the IdP answers with a page instead of redirecting (e.g. "No such account"). */
export class LocalIdpLoginPageError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly url: string,
    readonly html: string,
  ) {
    super(message);
    this.name = "LocalIdpLoginPageError";
  }
}

interface LoginForm {
  action: URL;
  fields: URLSearchParams;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

function decodeEntities(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\b${name}="([^"]*)"`, "i").exec(tag);
  return match?.[1] === undefined ? undefined : decodeEntities(match[1]);
}

function textOf(html: string): string {
  return decodeEntities(html.replace(/<[^>]*>/g, ""))
    .replace(/\s+/g, " ")
    .trim();
}

/** The text of the page's `role="alert"` element, if any. */
function alertText(html: string): string | undefined {
  const match = /<(\w+)\b[^>]*\brole="alert"[^>]*>([\s\S]*?)<\/\1>/i.exec(html);
  return match?.[2] === undefined ? undefined : textOf(match[2]);
}

/** Reads the login form as a browser would: its action, the email field and the pressed button. */
function readLoginForm(html: string, pageUrl: URL, email: string, buttonLabel: string): LoginForm {
  const formTag = /<form\b[^>]*>/i.exec(html)?.[0];
  if (!formTag) throw new Error("the login page has no form");
  const action = new URL(attribute(formTag, "action") ?? pageUrl.href, pageUrl);

  const emailTag = /<input\b[^>]*\btype="email"[^>]*>/i.exec(html)?.[0];
  const emailName = emailTag ? attribute(emailTag, "name") : undefined;
  if (!emailName) throw new Error("the login page has no email field");

  const fields = new URLSearchParams({ [emailName]: email });
  for (const match of html.matchAll(/<button\b([^>]*)>([\s\S]*?)<\/button>/gi)) {
    const [, tag = "", label = ""] = match;
    if (textOf(label) !== buttonLabel) continue;
    const name = attribute(tag, "name");
    if (name) fields.set(name, attribute(tag, "value") ?? "");
    return { action, fields };
  }
  throw new Error(`the login page has no "${buttonLabel}" button`);
}

/** True when `url` is the relying party's redirect_uri (same origin and path). */
function reachesRedirectUri(url: URL, redirectUri: URL | undefined, idpOrigin: string): boolean {
  if (!redirectUri) return url.origin !== idpOrigin;
  return url.origin === redirectUri.origin && url.pathname === redirectUri.pathname;
}

/**
 * Performs a login at the local IdP the way a browser would, over `fetch` with manual redirects
 * and a private cookie jar: starts from a full authorization URL (built by the caller), fills the
 * login form with `email`, presses "Sign in" (or "Cancel"), and follows redirects until the
 * caller's redirect_uri is reached. Returns that final URL (with code/state/iss, or error/state/iss).
 * Throws {@link LocalIdpLoginPageError} when the IdP shows a page instead (e.g. "No such account").
 */
export async function driveBrowserlessLogin(authorizationUrl: string, email: string, opts: DriveLoginOptions = {}): Promise<URL> {
  const start = new URL(authorizationUrl);
  const redirectUriParam = start.searchParams.get("redirect_uri");
  const redirectUri = redirectUriParam === null ? undefined : new URL(redirectUriParam);
  const jar = new CookieJar();
  const maxSteps = opts.maxSteps ?? 20;

  let url = start;
  let body: URLSearchParams | undefined;
  let submitted = false;

  for (let step = 0; step < maxSteps; step++) {
    const headers = new Headers({ accept: "text/html" });
    const cookie = jar.headerFor(url);
    if (cookie) headers.set("cookie", cookie);
    if (body) headers.set("content-type", "application/x-www-form-urlencoded");
    const response = await fetch(url, {
      method: body ? "POST" : "GET",
      headers,
      body,
      redirect: "manual",
    });
    jar.storeFrom(url, response);
    body = undefined;

    if (REDIRECT_STATUSES.has(response.status)) {
      await response.body?.cancel();
      const location = response.headers.get("location");
      if (!location) throw new Error(`redirect without Location from ${url.href}`);
      const next = new URL(location, url);
      if (reachesRedirectUri(next, redirectUri, start.origin)) return next;
      url = next;
      continue;
    }

    const html = await response.text();
    const isLoginPage = html.includes(`<title>${LOGIN_PAGE_TITLE}</title>`);
    if (response.status !== 200 || !isLoginPage || submitted) {
      const shown = alertText(html) ?? textOf(html).slice(0, 300);
      throw new LocalIdpLoginPageError(
        `the IdP answered ${response.status} at ${url.pathname} instead of redirecting: ${shown}`,
        response.status,
        url.href,
        html,
      );
    }
    const form = readLoginForm(html, url, email, opts.cancel ? "Cancel" : "Sign in");
    url = form.action;
    body = form.fields;
    submitted = true;
  }
  throw new Error(`no redirect to the redirect_uri after ${maxSteps} requests`);
}
