import type { SsoConfig } from "../lib/api-types.ts";
import { Link } from "../router.tsx";
import { Notice } from "./notice.tsx";

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "long", timeZone: "UTC" });
const DAY = 24 * 60 * 60_000;

/**
 * The client secret's reminder, from 30 days before it expires: an expired secret makes every SSO
 * sign-in fail with `sso_idp_rejected`, and with Enforce SSO on that locks everyone out.
 */
export function SecretExpiryNotice({ config, isOnSettingsPage = false }: { config: SsoConfig; isOnSettingsPage?: boolean }) {
  if (!config.clientSecretExpiresOn || (config.secretExpiry !== "soon" && config.secretExpiry !== "expired")) return null;
  const expiresAt = Date.parse(`${config.clientSecretExpiresOn}T00:00:00Z`);
  const date = dateFormat.format(expiresAt);
  const lockout = config.enforce ? " With Enforce SSO on, nobody can sign in until it is replaced." : "";
  const where = isOnSettingsPage ? (
    "below"
  ) : (
    <>
      on the <Link to="/integrations/sso">Single Sign-On page</Link>
    </>
  );
  if (config.secretExpiry === "expired") {
    return (
      <Notice tone="error" title={`The ${config.displayName} client secret expired on ${date}`}>
        <p>
          Sign-ins through {config.displayName} fail until you create a new client secret in your identity provider and paste it {where}.
          {lockout}
        </p>
      </Notice>
    );
  }
  const days = Math.max(1, Math.ceil((expiresAt - Date.now()) / DAY));
  return (
    <Notice
      tone="warning"
      title={`The ${config.displayName} client secret expires on ${date} (in ${days === 1 ? "1 day" : `${days} days`})`}
    >
      <p>
        Create a new client secret in your identity provider and paste it {where} before then: an expired secret stops every SSO sign-in.
        {lockout}
      </p>
    </Notice>
  );
}
