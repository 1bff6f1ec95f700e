import { z } from "zod";
import type { SsoTestView } from "./sso-test.ts";

export const SSO_CALLBACK_PATH = "/auth/sso/callback";
export const SSO_START_PATH = "/auth/sso/start";
/** Where IdPs that support OpenID Connect Back-Channel Logout send logout tokens (SPEC §10). */
export const SSO_BACKCHANNEL_LOGOUT_PATH = "/auth/sso/backchannel-logout";
export const DISCOVERY_SUFFIX = "/.well-known/openid-configuration";

/**
 * Trims a pasted Issuer URL and strips a `/.well-known/openid-configuration` suffix.
 * A trailing `/` is kept: Auth0's issuers end with one and must match exactly.
 */
export function normalizeIssuerInput(raw: string): string {
  const trimmed = raw.trim();
  return trimmed.endsWith(DISCOVERY_SUFFIX) ? trimmed.slice(0, -DISCOVERY_SUFFIX.length) : trimmed;
}

const issuerSchema = z
  .string({ error: "Enter the Issuer URL" })
  .max(2048, "The Issuer URL is too long")
  .transform(normalizeIssuerInput)
  .pipe(
    z
      .string()
      .min(1, "Enter the Issuer URL")
      .superRefine((value, ctx) => {
        const problem = issuerProblem(value);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      }),
  );

/**
 * Entra ID's multi-tenant authorities, whose discovery names a template issuer (`…/{tenantid}/v2.0`)
 * that no sign-in ever matches.
 */
const ENTRA_HOSTS = new Set(["login.microsoftonline.com", "login.microsoftonline.us", "login.partner.microsoftonline.cn"]);
const ENTRA_MULTI_TENANT = /^\/(common|organizations|consumers)(\/v2\.0)?\/?$/i;

export const ENTRA_TENANT_URL_ADVICE =
  "This is Microsoft Entra ID's multi-tenant URL, which cannot work for sign-in. Use your directory's own: https://login.microsoftonline.com/<Directory (tenant) ID>/v2.0 — the Directory (tenant) ID is on your app registration's Overview page in the Entra admin center.";

export function isEntraMultiTenantIssuer(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return ENTRA_HOSTS.has(url.hostname) && (ENTRA_MULTI_TENANT.test(url.pathname) || url.pathname.toLowerCase().includes("%7btenantid%7d"));
}

function issuerProblem(value: string): string | undefined {
  if (!URL.canParse(value)) return "Enter a full URL, e.g. https://login.example.com/";
  if (isEntraMultiTenantIssuer(value)) return ENTRA_TENANT_URL_ADVICE;
  const url = new URL(value);
  if (url.protocol !== "https:" && url.protocol !== "http:") return "The Issuer URL must start with https://";
  if (url.search || url.hash || url.username || url.password) return "The Issuer URL cannot contain a query, fragment or credentials";
  return undefined;
}

/** The identity providers the guided setup knows (their portal's field names and a guide); `other` is any OIDC provider. */
export const IDP_KINDS = ["entra-id", "okta", "google-workspace", "auth0", "keycloak", "other"] as const;
export type IdpKind = (typeof IDP_KINDS)[number];

const DAY_MS = 24 * 60 * 60_000;
/** Client secrets are given for at most a few years (Entra ID: 24 months); a date further out is a typo. */
const MAX_SECRET_LIFETIME_DAYS = 10 * 366;

/** `YYYY-MM-DD` → midnight UTC of that day, in ms; undefined for anything else. */
export function secretExpiryOf(date: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return undefined;
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return new Date(ms).toISOString().slice(0, 10) === date ? ms : undefined;
}

/** The client secret's expiry as the form sends it: a calendar date, today or later, or empty for "not tracked". */
const clientSecretExpiresOnSchema = z
  .string()
  .trim()
  .max(10, "Enter a date like 2027-06-30")
  .nullable()
  .optional()
  .transform((value) => (value === undefined || value === null || value === "" ? null : value))
  .superRefine((value, ctx) => {
    if (value === null) return;
    const expiresAt = secretExpiryOf(value);
    if (expiresAt === undefined) ctx.addIssue({ code: "custom", message: "Enter a date like 2027-06-30" });
    else if (expiresAt < Date.now() - DAY_MS) {
      ctx.addIssue({
        code: "custom",
        message: "This date has passed: create a new client secret in your identity provider and paste it here",
      });
    } else if (expiresAt > Date.now() + MAX_SECRET_LIFETIME_DAYS * DAY_MS) {
      ctx.addIssue({ code: "custom", message: "Enter the expiry date your identity provider shows (at most 10 years from now)" });
    }
  });

export const ssoSaveInput = z.object({
  displayName: z
    .string({ error: "Enter a configuration name" })
    .trim()
    .min(1, "Enter a configuration name")
    .max(60, "Use at most 60 characters"),
  issuer: issuerSchema,
  clientId: z.string({ error: "Enter the Client ID" }).trim().min(1, "Enter the Client ID").max(512, "The Client ID is too long"),
  clientSecret: z
    .string()
    .max(4096, "The Client Secret is too long")
    .optional()
    .transform((value) => (value === undefined || value.trim() === "" ? undefined : value.trim())),
  /** Which identity provider the admin picked in the guided setup. */
  idpKind: z.enum(IDP_KINDS).optional(),
  /** When the client secret expires, as the identity provider shows it; reminders start 30 days before. */
  clientSecretExpiresOn: clientSecretExpiresOnSchema,
});
export type SsoSaveInput = z.input<typeof ssoSaveInput>;

export const ssoSetEnforcedInput = z.object({ enforce: z.boolean() });

/** Reminders about the client secret start this many days before it expires. */
export const SECRET_EXPIRY_WARNING_DAYS = 30;

/** Where the client secret stands: no date entered, fine, expiring within 30 days, or expired. */
export type SecretExpiryState = "untracked" | "ok" | "soon" | "expired";

export function secretExpiryStateOf(expiresAt: number | null, now = Date.now()): SecretExpiryState {
  if (expiresAt === null) return "untracked";
  if (expiresAt <= now) return "expired";
  return expiresAt - now <= SECRET_EXPIRY_WARNING_DAYS * DAY_MS ? "soon" : "ok";
}

export interface SsoConfigView {
  displayName: string;
  issuer: string;
  clientId: string;
  hasClientSecret: boolean;
  enforce: boolean;
  updatedAt: string;
  idpKind: IdpKind | null;
  /** `YYYY-MM-DD`, as entered. */
  clientSecretExpiresOn: string | null;
  secretExpiry: SecretExpiryState;
  lastTest: SsoTestView | null;
  /** Whether this admin may turn Enforce SSO on now, and if not, why (a sentence for the switch). */
  canEnforce: boolean;
  enforceBlocker: string | null;
}

export interface SsoSettings {
  redirectUri: string;
  backchannelLogoutUri: string;
  /** The tenant's Initiate login URI, for an IdP's app launcher (OpenID Connect Core §4). */
  initiateLoginUri: string;
  config: SsoConfigView | null;
}

/** `sso.health`: checked when asked, never cached. */
export interface SsoHealth {
  checkedAt: string;
  discovery: { ok: boolean; problem: string | null };
  endpoints: {
    authorization: string | null;
    token: string | null;
    userinfo: string | null;
    jwks: string | null;
    endSession: string | null;
  } | null;
  jwks: { ok: boolean; keyCount: number | null; problem: string | null };
  lastSuccess: { at: string; email: string | null } | null;
  lastFailure: { at: string; email: string | null; code: string | null; help: { explanation: string; fix: string } | null } | null;
}
