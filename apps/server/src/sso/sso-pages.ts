import { escapeHtml } from "../http/escape-html.ts";

/** An address that wraps only after its `@` and dots, like the SPA's `Email`: never mid-word. */
function emailHtml(address: string): string {
  const pieces = address.split(/(?<=[@.])/).map((piece) => `<span>${escapeHtml(piece)}</span>`);
  return `<span class="email">${pieces.join("<wbr>")}</span>`;
}

/** The few pages `/auth/sso/*` renders itself: no script, styled by one small stylesheet (the CSP allows no inline style). */
export const SSO_PAGE_CSS = `body{margin:0;font-family:ui-sans-serif,system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f7f7f8;color:#18181b}
main{max-width:26rem;margin:12vh auto;padding:32px;background:#fff;border:1px solid #e4e4e7;border-radius:10px}
h1{font-size:1.25rem;margin:0 0 12px}p{line-height:1.5;margin:0 0 16px;color:#3f3f46}
.actions{display:flex;gap:12px;align-items:center;flex-wrap:wrap}
button{font:inherit;font-weight:600;padding:10px 16px;border-radius:6px;border:0;background:#4f46e5;color:#fff;cursor:pointer}
button:focus-visible,a:focus-visible{outline:3px solid rgb(79 70 229 / .35);outline-offset:2px}a{color:#4f46e5}
.email{font-weight:600;color:#18181b}.email span{white-space:nowrap}
@media (max-width:480px){main{margin:24px 16px;padding:24px 20px}}`;

function page(title: string, body: string, head = ""): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · JAMS IMES</title><link rel="stylesheet" href="/auth/sso/page.css">${head}</head>
<body><main>${body}</main></body></html>`;
}

export function tooManyAttemptsPage(retryAfterSeconds: number): string {
  return page(
    "Too many sign-in attempts",
    `<h1>Too many sign-in attempts</h1><p>Please wait ${retryAfterSeconds} seconds, then <a href="/login">try again</a>.</p>`,
  );
}

export interface ConfirmStartInput {
  idpName: string;
  /** The address the sign-in is for; null when the IdP's app launcher started it. */
  email: string | null;
  /** The launcher's `login_hint`, passed on to the IdP. */
  loginHint: string | null;
  returnTo: string | null;
  /** Echoes the HttpOnly SameSite=Strict cookie set with this page: a form posted from another site lacks the cookie. */
  confirmation: string;
  /** Where the form posts: `/auth/sso/start`, or the tenant's Initiate login URI. */
  action: string;
}

const hidden = (name: string, value: string | null) =>
  value === null ? "" : `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`;

/**
 * Shown when a sign-in was not started by JAMS IMES's own page (a link in a mail or chat app, another
 * site, an IdP's app launcher): the person confirms on our origin, so nobody can sign them into a
 * workspace by a link (login CSRF).
 */
export function confirmStartPage(input: ConfirmStartInput): string {
  const idpName = escapeHtml(input.idpName);
  const who = input.email
    ? `You are about to sign in to JAMS IMES as ${emailHtml(input.email)}.`
    : `You are about to sign in to JAMS IMES with your ${idpName} account.`;
  return page(
    `Continue to ${input.idpName}`,
    `<h1>Continue to ${idpName}?</h1>
<p>${who} Continue only if you started this sign-in yourself.</p>
<form method="post" action="${escapeHtml(input.action)}" class="actions">
${hidden("email", input.email)}${hidden("login_hint", input.loginHint)}${hidden("returnTo", input.returnTo)}${hidden("confirmation", input.confirmation)}
<button type="submit">Continue to ${idpName}</button>
<a href="/login">Cancel</a>
</form>`,
  );
}

/** The window of an admin's Test sign-in, on its way to the IdP (a refresh: the SPA's form-action does not reach the IdP). */
export function testRedirectPage(idpName: string, authorizationUrl: string): string {
  const url = escapeHtml(authorizationUrl);
  return page(
    `Test sign-in with ${idpName}`,
    `<h1>Test sign-in with ${escapeHtml(idpName)}</h1>
<p>Taking you to ${escapeHtml(idpName)}. Sign in there as yourself; nothing changes in your JAMS IMES session.</p>
<p class="actions"><a href="${url}">Continue to ${escapeHtml(idpName)}</a></p>`,
    `<meta http-equiv="refresh" content="0;url=${url}">`,
  );
}

/** A Test sign-in window whose ticket was used, expired or forged. */
export function testTicketInvalidPage(): string {
  return page(
    "Test sign-in expired",
    "<h1>This test link has expired</h1><p>Close this window and select <strong>Test sign-in</strong> on the Single Sign-On page again.</p>",
  );
}
