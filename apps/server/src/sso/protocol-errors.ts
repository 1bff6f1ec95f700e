import * as oauth from "oauth4webapi";
import { BackChannelError } from "./back-channel-fetch.ts";
import { SsoError } from "./sso-error.ts";

/** Codes of oauth4webapi errors that mean the IdP answered garbage, not that a token was bad. */
const UNAVAILABLE_CODES = new Set<string>([oauth.RESPONSE_IS_NOT_JSON, oauth.PARSE_ERROR, oauth.RESPONSE_IS_NOT_CONFORM]);

/**
 * Maps what a back-channel step threw to the contracts' codes: network trouble is
 * `sso_idp_unavailable`, an OAuth error from the token endpoint is `sso_idp_rejected`,
 * anything that failed validation is `sso_token_invalid`.
 */
export function classifyProtocolError(error: unknown, step: string): SsoError {
  if (error instanceof SsoError) return error;
  if (error instanceof BackChannelError) return new SsoError("sso_idp_unavailable", `${step}: ${error.problem}`);
  if (error instanceof oauth.ResponseBodyError) {
    return error.status >= 500
      ? new SsoError("sso_idp_unavailable", `${step}: idp answered ${error.status}`)
      : new SsoError("sso_idp_rejected", `${step}: idp refused with ${error.error}`);
  }
  if (error instanceof oauth.WWWAuthenticateChallengeError) return new SsoError("sso_idp_rejected", `${step}: challenge ${error.status}`);
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && UNAVAILABLE_CODES.has(code)) return new SsoError("sso_idp_unavailable", `${step}: ${code}`);
  return new SsoError("sso_token_invalid", `${step}: ${typeof code === "string" ? code : (error as Error).name}`);
}
