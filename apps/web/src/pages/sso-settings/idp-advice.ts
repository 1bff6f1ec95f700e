import { ENTRA_TENANT_URL_ADVICE, type IdpKind, isEntraMultiTenantIssuer, normalizeIssuerInput } from "@jams/contracts";

/** The values the advice looks at, as typed. */
export interface TypedValues {
  issuer: string;
  clientId: string;
  clientSecret: string;
}

export type AdvisedField = keyof TypedValues;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ENTRA_HOSTS = new Set(["login.microsoftonline.com", "login.microsoftonline.us", "login.partner.microsoftonline.cn"]);
const GOOGLE_ISSUER = "https://accounts.google.com";

function parsedUrl(value: string): URL | undefined {
  const normalized = normalizeIssuerInput(value);
  return URL.canParse(normalized) ? new URL(normalized) : undefined;
}

function adviceOnIssuer(kind: IdpKind | null, issuer: string): string | undefined {
  const url = parsedUrl(issuer);
  if (!url) return undefined;
  // The server answers the same on Save; saying it while typing spares a round trip.
  if (isEntraMultiTenantIssuer(url.href)) return ENTRA_TENANT_URL_ADVICE;
  switch (kind) {
    case "entra-id": {
      if (url.hostname === "sts.windows.net")
        return "This is Entra's v1.0 issuer. Use the v2.0 one: `https://login.microsoftonline.com/<Directory (tenant) ID>/v2.0`.";
      if (!ENTRA_HOSTS.has(url.hostname)) return undefined;
      const [tenant, version] = url.pathname.split("/").filter(Boolean);
      if (tenant && !GUID.test(tenant))
        return "Use the **Directory (tenant) ID** (a GUID from the app's **Overview** page), not the domain name: Entra's discovery document names the ID.";
      if (tenant && version !== "v2.0") return "Add `/v2.0` at the end: JAMS IMES signs in through Entra's v2.0 endpoint.";
      return undefined;
    }
    case "okta":
      return url.hostname.includes("-admin.")
        ? "This is the Okta Admin Console's address. The issuer has no `-admin`: `https://<your-org>.okta.com`."
        : undefined;
    case "google-workspace":
      return url.href.replace(/\/$/, "") === GOOGLE_ISSUER ? undefined : "Google's issuer is always `https://accounts.google.com`.";
    case "keycloak":
      return /\/realms\/[^/]+\/?$/.test(url.pathname)
        ? undefined
        : "A Keycloak issuer ends with `/realms/<realm>`: copy the `issuer` of the realm's **OpenID Endpoint Configuration**.";
    default:
      return undefined;
  }
}

/**
 * Advice on a value that looks like the wrong one from the picked IdP's portal (the Secret ID for
 * the secret, the admin console for the issuer…), shown under the field before Save asks the server.
 */
export function adviceOn(kind: IdpKind | null, field: AdvisedField, values: TypedValues): string | undefined {
  const value = values[field].trim();
  if (value === "") return undefined;
  switch (field) {
    case "issuer":
      return adviceOnIssuer(kind, value);
    case "clientId": {
      if (kind === "entra-id") {
        const tenant = parsedUrl(values.issuer)?.pathname.split("/").filter(Boolean)[0];
        if (tenant && tenant.toLowerCase() === value.toLowerCase())
          return "This is the **Directory (tenant) ID**. The Client ID is the **Application (client) ID**, just above it on the **Overview** page.";
      }
      if (kind === "google-workspace" && !value.endsWith(".apps.googleusercontent.com"))
        return "A Google **Client ID** ends in `.apps.googleusercontent.com`.";
      return undefined;
    }
    case "clientSecret":
      return kind === "entra-id" && GUID.test(value)
        ? "This looks like the **Secret ID**. Paste the secret's **Value** instead (shown once, when the secret is created)."
        : undefined;
  }
}
