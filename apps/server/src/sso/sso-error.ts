import type { SsoErrorCode } from "@jams/contracts";

/** A failed SSO step. Its `code` is one of the contracts' codes; the route edge turns it into `/login?sso_error=`. */
export class SsoError extends Error {
  override name = "SsoError";
  constructor(
    readonly code: SsoErrorCode,
    /** Internal detail for logs and the audit trail; never shown to the browser. */
    readonly detail: string,
    /** Who the IdP said signed in, when known: recorded in the audit trail. */
    readonly subject: { email?: string; idpSubject?: string } = {},
  ) {
    super(`${code}: ${detail}`);
  }
}
