import type { IncomingMessage, ServerResponse } from "node:http";
import type Provider from "oidc-provider";
import type { AccountStore } from "./account-store.ts";
import { NO_SUCH_ACCOUNT, renderErrorPage, renderLoginPage } from "./login-page.ts";

/** Path prefix of the interaction (login) pages; oidc-provider's `interactions.url` points here. */
export const INTERACTION_PATH_PREFIX = "/interaction/";

const INTERACTION_PATH = /^\/interaction\/([A-Za-z0-9_-]+)$/;
const MAX_FORM_BYTES = 16 * 1024;

const PAGE_HEADERS = {
  "content-type": "text/html; charset=utf-8",
  "cache-control": "no-store",
  "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
};

/** The interaction URL of a uid (relative to the issuer). */
export function interactionUrl(uid: string): string {
  return `${INTERACTION_PATH_PREFIX}${uid}`;
}

/** True when the pathname is an interaction page handled by {@link handleInteraction}. */
export function isInteractionPath(pathname: string): boolean {
  return INTERACTION_PATH.test(pathname);
}

function sendPage(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, PAGE_HEADERS);
  res.end(html);
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_FORM_BYTES) throw new RangeError("form body too large");
    chunks.push(buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

/**
 * Handles GET/POST on `/interaction/:uid`: shows the sign-in form, logs a known account in
 * (consent is automatic), re-renders "No such account", or ends with `access_denied` on Cancel.
 */
export async function handleInteraction(
  req: IncomingMessage,
  res: ServerResponse,
  provider: Provider,
  accounts: AccountStore,
): Promise<void> {
  let details: Awaited<ReturnType<Provider["interactionDetails"]>>;
  try {
    details = await provider.interactionDetails(req, res);
  } catch {
    sendPage(
      res,
      400,
      renderErrorPage("Sign-in expired", {
        error: "This sign-in request is unknown or has expired. Start again from the application.",
      }),
    );
    return;
  }

  const { uid, prompt, params } = details;
  const clientId = typeof params.client_id === "string" ? params.client_id : "";
  const action = interactionUrl(uid);

  if (req.method === "GET" || req.method === "HEAD") {
    if (prompt.name !== "login") {
      // Consent is never asked: the grant is created by loadExistingGrant.
      await provider.interactionFinished(req, res, { consent: {} }, { mergeWithLastSubmission: true });
      return;
    }
    const hint = typeof params.login_hint === "string" ? params.login_hint : undefined;
    sendPage(res, 200, renderLoginPage({ action, clientId, email: hint }));
    return;
  }

  if (req.method !== "POST") {
    res.writeHead(405, { allow: "GET, POST" }).end();
    return;
  }

  const form = await readForm(req);
  if (form.get("action") === "cancel") {
    await provider.interactionFinished(
      req,
      res,
      { error: "access_denied", error_description: "The user cancelled the sign-in" },
      { mergeWithLastSubmission: false },
    );
    return;
  }

  const email = form.get("email") ?? "";
  const account = accounts.findByEmail(email);
  if (!account) {
    sendPage(res, 200, renderLoginPage({ action, clientId, email, error: NO_SUCH_ACCOUNT }));
    return;
  }
  await provider.interactionFinished(req, res, { login: { accountId: account.sub }, consent: {} }, { mergeWithLastSubmission: false });
}
