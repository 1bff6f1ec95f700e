import { escapeHtml } from "../http/escape-html.ts";

/** The few pages `/auth/sso/*` renders itself: no script, styled by one small stylesheet (the CSP allows no inline style). */
export const SSO_PAGE_CSS = `body{margin:0;font-family:ui-sans-serif,system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f7f7f8;color:#18181b}
main{max-width:26rem;margin:12vh auto;padding:32px;background:#fff;border:1px solid #e4e4e7;border-radius:10px}
h1{font-size:1.25rem;margin:0 0 12px}p{line-height:1.5;margin:0 0 16px;color:#3f3f46}
.actions{display:flex;gap:12px;align-items:center;flex-wrap:wrap}
button{font:inherit;font-weight:600;padding:10px 16px;border-radius:6px;border:0;background:#4f46e5;color:#fff;cursor:pointer}
button:focus-visible,a:focus-visible{outline:3px solid rgb(79 70 229 / .35);outline-offset:2px}a{color:#4f46e5}
.email{overflow-wrap:anywhere;font-weight:600;color:#18181b}`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · JAMS IMES</title><link rel="stylesheet" href="/auth/sso/page.css"></head>
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
  email: string;
  returnTo: string | null;
  /** Echoes the HttpOnly SameSite=Strict cookie set with this page: a form posted from another site lacks the cookie. */
  confirmation: string;
}

/**
 * Shown when a sign-in was not started by JAMS IMES's own page (a link in a mail or chat app, another
 * site): the person confirms on our origin, so nobody can sign them into a workspace by a link (login CSRF).
 */
export function confirmStartPage(input: ConfirmStartInput): string {
  const returnTo = input.returnTo ? `<input type="hidden" name="returnTo" value="${escapeHtml(input.returnTo)}">` : "";
  return page(
    `Continue to ${input.idpName}`,
    `<h1>Continue to ${escapeHtml(input.idpName)}?</h1>
<p>You are about to sign in to JAMS IMES as <span class="email">${escapeHtml(input.email)}</span>. Continue only if you started this sign-in yourself.</p>
<form method="post" action="/auth/sso/start" class="actions">
<input type="hidden" name="email" value="${escapeHtml(input.email)}">${returnTo}
<input type="hidden" name="confirmation" value="${escapeHtml(input.confirmation)}">
<button type="submit">Continue to ${escapeHtml(input.idpName)}</button>
<a href="/login">Cancel</a>
</form>`,
  );
}
