import type { IdpKind } from "@jams/contracts";

/**
 * Where each value of the SSO form lives in an identity provider's admin portal, in that portal's
 * own words, checked against the guides in `docs/sso` (which cite the vendors' documentation).
 * Hints may use `**Label**` for a label on the IdP's screen and `` `text` `` for a value to type.
 */
export interface FieldHelp {
  hint: string;
  placeholder?: string;
}

/** The fields of the form whose value comes from the identity provider's portal. */
export type PortalField = "issuer" | "clientId" | "clientSecret" | "clientSecretExpiresOn";

export interface IdpPortal {
  /** The option in the picker. */
  label: string;
  /** Put in Configuration name (the login button's label) when the admin picks this IdP and the field is empty. */
  defaultDisplayName: string;
  /** Always this Issuer URL (Google): filled in when picked and the field is empty. */
  fixedIssuer?: string;
  /** The guide in `docs/sso` (its slug). */
  guideSlug: string;
  /** The link that opens it first among the setup guides. */
  guideLinkText: string;
  fields: Record<PortalField, FieldHelp>;
}

const EXPIRY_OPTIONAL = "Optional.";

export const IDP_PORTALS: Record<IdpKind, IdpPortal> = {
  "entra-id": {
    label: "Microsoft Entra ID",
    defaultDisplayName: "Microsoft Entra ID",
    guideSlug: "entra-id",
    guideLinkText: "Open the Entra ID guide",
    fields: {
      issuer: {
        hint: "`https://login.microsoftonline.com/<Directory (tenant) ID>/v2.0`. The **Directory (tenant) ID** is on **App registrations** → your app → **Overview**. Not `common` or `organizations`.",
        placeholder: "https://login.microsoftonline.com/<Directory (tenant) ID>/v2.0",
      },
      clientId: {
        hint: "The **Application (client) ID**, on **App registrations** → your app → **Overview**.",
        placeholder: "00000000-0000-0000-0000-000000000000",
      },
      clientSecret: {
        hint: "**Certificates & secrets** → **Client secrets** → **New client secret**, then copy the secret's **Value** (not the **Secret ID**): Entra shows it only once.",
      },
      clientSecretExpiresOn: {
        hint: `${EXPIRY_OPTIONAL} The **Expires** column of **Certificates & secrets** (at most 24 months after you create it).`,
      },
    },
  },
  okta: {
    label: "Okta",
    defaultDisplayName: "Okta",
    guideSlug: "okta",
    guideLinkText: "Open the Okta guide",
    fields: {
      issuer: {
        hint: "Your Okta org URL, `https://<your-org>.okta.com` (no `-admin`, no path). With a custom authorization server: **Security** → **API** → **Authorization Servers** → its **Issuer URI**, e.g. `…/oauth2/default`.",
        placeholder: "https://<your-org>.okta.com",
      },
      clientId: { hint: "The app's **General** tab → **Client Credentials** → **Client ID**." },
      clientSecret: {
        hint: "The app's **General** tab → **Client Secrets** → copy the secret with its copy icon. **Client authentication** must be **Client secret**, and DPoP off.",
      },
      clientSecretExpiresOn: {
        hint: `${EXPIRY_OPTIONAL} Okta's client secrets have no expiry date: leave it empty unless you rotate them on a schedule.`,
      },
    },
  },
  "google-workspace": {
    label: "Google Workspace",
    defaultDisplayName: "Google",
    fixedIssuer: "https://accounts.google.com",
    guideSlug: "google-workspace",
    guideLinkText: "Open the Google Workspace guide",
    fields: {
      issuer: {
        hint: "Always `https://accounts.google.com`, for every Google account.",
        placeholder: "https://accounts.google.com",
      },
      clientId: {
        hint: "In the Google Cloud console, **APIs & Services** → **Credentials** (or **Google Auth Platform** → **Clients**): your OAuth client's **Client ID**, ending in `.apps.googleusercontent.com`.",
        placeholder: "….apps.googleusercontent.com",
      },
      clientSecret: {
        hint: "The OAuth client's **Client secret**, shown when you create the client. Lost it? Add a new secret on the client's page.",
      },
      clientSecretExpiresOn: {
        hint: `${EXPIRY_OPTIONAL} Google's OAuth client secrets have no expiry date: leave it empty unless you rotate them on a schedule.`,
      },
    },
  },
  auth0: {
    label: "Auth0",
    defaultDisplayName: "Auth0",
    guideSlug: "auth0",
    guideLinkText: "Open the Auth0 guide",
    fields: {
      issuer: {
        hint: "`https://` + the application's **Domain** (**Settings** → **Basic Information**) + `/`, e.g. `https://acme.eu.auth0.com/`. Keep the trailing slash.",
        placeholder: "https://<tenant>.<region>.auth0.com/",
      },
      clientId: { hint: "The application's **Client ID** (**Settings** → **Basic Information**)." },
      clientSecret: {
        hint: "The **Client Secret** (**Settings** → **Basic Information**, or the **Credentials** tab in newer dashboards): reveal it with the eye icon. **Authentication Method**: **Client Secret (Basic)**.",
      },
      clientSecretExpiresOn: {
        hint: `${EXPIRY_OPTIONAL} Auth0's client secrets have no expiry date: leave it empty unless you rotate them on a schedule.`,
      },
    },
  },
  keycloak: {
    label: "Keycloak",
    defaultDisplayName: "Keycloak",
    guideSlug: "keycloak",
    guideLinkText: "Open the Keycloak guide",
    fields: {
      issuer: {
        hint: "`https://<host>/realms/<realm>` (before Keycloak 17: `…/auth/realms/<realm>`): the `issuer` of **Realm settings** → **General** → **Endpoints** → **OpenID Endpoint Configuration**.",
        placeholder: "https://<host>/realms/<realm>",
      },
      clientId: { hint: "The client's **Client ID** (**Clients** → your client → **Settings**)." },
      clientSecret: {
        hint: "The client's **Credentials** tab → **Client Secret**. No Credentials tab? Turn **Client authentication** on.",
      },
      clientSecretExpiresOn: {
        hint: `${EXPIRY_OPTIONAL} Keycloak's secrets expire only under a secret-rotation client policy (its **Secret expiration**): otherwise leave it empty.`,
      },
    },
  },
  other: {
    label: "Other OIDC provider",
    defaultDisplayName: "",
    guideSlug: "other-oidc",
    guideLinkText: "Open the guide for other OIDC providers",
    fields: {
      issuer: {
        hint: "The `issuer` of your provider's discovery document (its OpenID Connect metadata URL without `/.well-known/openid-configuration`; pasting the full URL works too).",
        placeholder: "https://",
      },
      clientId: { hint: "The client ID of the web application you created in your provider." },
      clientSecret: { hint: "A client secret of that application (client authentication Basic or Post)." },
      clientSecretExpiresOn: {
        hint: `${EXPIRY_OPTIONAL} If your provider gives the secret an expiry date, enter it.`,
      },
    },
  },
};

/** The hints before an identity provider is picked. */
export const GENERIC_FIELD_HELP: Record<PortalField, FieldHelp> = {
  issuer: {
    hint: "e.g. `https://login.microsoftonline.com/<tenant-id>/v2.0`. You can paste the full `…/.well-known/openid-configuration` URL.",
    placeholder: "https://",
  },
  clientId: { hint: "" },
  clientSecret: { hint: "" },
  clientSecretExpiresOn: { hint: `${EXPIRY_OPTIONAL} The date your identity provider shows for the client secret, if it has one.` },
};

export function fieldHelpOf(kind: IdpKind | null, field: PortalField): FieldHelp {
  return kind ? IDP_PORTALS[kind].fields[field] : GENERIC_FIELD_HELP[field];
}

/** Whether a Configuration name was proposed by the picker (so picking another IdP may replace it) rather than typed. */
export function isProposedDisplayName(name: string): boolean {
  return name.trim() === "" || Object.values(IDP_PORTALS).some((portal) => portal.defaultDisplayName === name);
}
