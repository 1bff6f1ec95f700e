import { SSO_START_PATH } from "@jams/contracts";

/** `/auth/sso/start?email=…[&returnTo=…]`: the server's redirect to the user's identity provider. */
export function ssoStartUrl(email: string, returnTo: string | undefined): string {
  const params = new URLSearchParams({ email });
  if (returnTo) params.set("returnTo", returnTo);
  return `${SSO_START_PATH}?${params}`;
}
