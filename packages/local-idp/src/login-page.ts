import { escapeHtml } from "./html.ts";

/** The title of the login page (also used by tests and browser journeys to recognise it). */
export const LOGIN_PAGE_TITLE = "Local IdP — sign in";

/** Error shown when the submitted email matches no account. */
export const NO_SUCH_ACCOUNT = "No such account";

const STYLE = `
body{font-family:system-ui,sans-serif;margin:0;background:#f5f5f7;color:#1d1d1f}
main{max-width:22rem;margin:4rem auto;padding:2rem;background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.15)}
h1{font-size:1.4rem;margin:0 0 .5rem}
p{margin:0 0 1rem}
label{display:block;font-weight:600;margin-bottom:.25rem}
input{box-sizing:border-box;width:100%;padding:.5rem;font-size:1rem;border:1px solid #888;border-radius:4px}
input[aria-invalid=true]{border-color:#b00020}
.error{color:#b00020;font-weight:600;margin:.5rem 0 0}
.actions{display:flex;gap:.5rem;margin-top:1rem}
button{flex:1;padding:.6rem;font-size:1rem;border-radius:4px;border:1px solid #0b57d0;cursor:pointer}
button[value=login]{background:#0b57d0;color:#fff}
button[value=cancel]{background:#fff;color:#0b57d0}
button:focus-visible,input:focus-visible{outline:3px solid #f9ab00;outline-offset:2px}
`;

/** Wraps a body in the shared, script-free HTML document. */
function document(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

export interface LoginPageInput {
  /** Where the form posts (the interaction URL). */
  action: string;
  /** Client id of the relying party asking for the sign-in. */
  clientId: string;
  /** Prefilled email (login_hint or the previous submission). */
  email?: string | undefined;
  /** Error shown under the field, e.g. "No such account". */
  error?: string | undefined;
}

/** Renders the sign-in form: a labelled "Email" field, a "Sign in" and a "Cancel" button. */
export function renderLoginPage(input: LoginPageInput): string {
  const errorId = "email-error";
  const invalid = input.error === undefined ? "" : ` aria-invalid="true" aria-describedby="${errorId}"`;
  const error = input.error === undefined ? "" : `\n<p class="error" id="${errorId}" role="alert">${escapeHtml(input.error)}</p>`;
  return document(
    LOGIN_PAGE_TITLE,
    `<h1>Sign in</h1>
<p>to continue to <strong>${escapeHtml(input.clientId)}</strong></p>
<form method="post" action="${escapeHtml(input.action)}">
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" required autofocus value="${escapeHtml(input.email ?? "")}"${invalid}>${error}
<div class="actions">
<button type="submit" name="action" value="login">Sign in</button>
<button type="submit" name="action" value="cancel" formnovalidate>Cancel</button>
</div>
</form>`,
  );
}

/** The title of the IdP's sign-out page (RP-initiated logout, which also sends back-channel logout tokens). */
export const LOGOUT_PAGE_TITLE = "Local IdP — sign out";

/** Renders the sign-out confirmation around oidc-provider's hidden logout form (`form`, id `op.logoutForm`). */
export function renderLogoutPage(form: string): string {
  return document(
    LOGOUT_PAGE_TITLE,
    `<h1>Sign out</h1>
<p>Sign out of the Local IdP? Apps that support back-channel logout are signed out too.</p>
${form}
<div class="actions">
<button type="submit" form="op.logoutForm" name="logout" value="yes">Yes, sign me out</button>
<button type="submit" form="op.logoutForm" value="cancel">No, stay signed in</button>
</div>`,
  );
}

/** Renders a plain error page from `name: value` lines (escaped). */
export function renderErrorPage(title: string, details: Record<string, unknown>): string {
  const lines = Object.entries(details)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `<p><strong>${escapeHtml(key)}</strong>: ${escapeHtml(value)}</p>`)
    .join("\n");
  return document(title, `<h1>${escapeHtml(title)}</h1>\n${lines}`);
}
