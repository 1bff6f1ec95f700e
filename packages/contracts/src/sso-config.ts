import { z } from "zod";

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

function issuerProblem(value: string): string | undefined {
  if (!URL.canParse(value)) return "Enter a full URL, e.g. https://login.example.com/";
  const url = new URL(value);
  if (url.protocol !== "https:" && url.protocol !== "http:") return "The Issuer URL must start with https://";
  if (url.search || url.hash || url.username || url.password) return "The Issuer URL cannot contain a query, fragment or credentials";
  return undefined;
}

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
});
export type SsoSaveInput = z.input<typeof ssoSaveInput>;

export const ssoSetEnforcedInput = z.object({ enforce: z.boolean() });

export const ssoConfigView = z.object({
  displayName: z.string(),
  issuer: z.string(),
  clientId: z.string(),
  hasClientSecret: z.boolean(),
  enforce: z.boolean(),
  updatedAt: z.string(),
});

export const ssoSettingsOutput = z.object({
  redirectUri: z.string(),
  backchannelLogoutUri: z.string(),
  config: ssoConfigView.nullable(),
});
export type SsoSettings = z.infer<typeof ssoSettingsOutput>;
