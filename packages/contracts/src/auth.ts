import { z } from "zod";
import { emailSchema } from "./email.ts";

/** localStorage key under which the SPA keeps the session JWT. */
export const SESSION_STORAGE_KEY = "jams.session";
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;
export const INVALID_CREDENTIALS_MESSAGE = "Invalid email or password";
/** `reason` carried by the FORBIDDEN answer of `auth.passwordLogin` in an SSO-enforced tenant. */
export const SSO_REQUIRED_REASON = "sso_required";

/** The exact label of the SSO button on `/login` and the invite page. */
export function ssoButtonLabel(configurationName: string): string {
  return `Continue with ${configurationName}`;
}

export const signInMethodSchema = z.enum(["pwd", "sso"]);
export type SignInMethod = z.infer<typeof signInMethodSchema>;

export const roleSchema = z.enum(["admin", "member"]);
export type Role = z.infer<typeof roleSchema>;

export const newPasswordSchema = z
  .string({ error: "Enter a password" })
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters`);

export const personNameSchema = z
  .string({ error: "Enter your name" })
  .trim()
  .min(1, "Enter your name")
  .max(100, "Use at most 100 characters");

export const lookupInput = z.object({ email: emailSchema });
export const lookupOutput = z.object({
  password: z.boolean(),
  sso: z.object({ name: z.string() }).nullable(),
});
export type LookupResult = z.infer<typeof lookupOutput>;

export const passwordLoginInput = z.object({
  email: emailSchema,
  password: z.string({ error: "Enter your password" }).min(1, "Enter your password").max(PASSWORD_MAX_LENGTH),
});

export const signupInput = z.object({
  workspaceName: z.string({ error: "Enter a workspace name" }).trim().min(1, "Enter a workspace name").max(80, "Use at most 80 characters"),
  name: personNameSchema,
  email: emailSchema,
  password: newPasswordSchema,
});

export const redeemSsoHandoffInput = z.object({
  code: z.string().min(1).max(128),
});

export const tokenOutput = z.object({ token: z.string() });

export const endSessionInput = z.object({ sessionId: z.string().min(1).max(64) });
