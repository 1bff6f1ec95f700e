import { z } from "zod";
import { newPasswordSchema, personNameSchema, roleSchema } from "./auth.ts";
import { emailSchema } from "./email.ts";

export const userStatusSchema = z.enum(["invited", "active", "disabled"]);
export type UserStatus = z.infer<typeof userStatusSchema>;

export const INVITE_TTL_DAYS = 7;

export const inviteInput = z.object({ email: emailSchema, role: roleSchema });
export const userIdInput = z.object({ userId: z.string().min(1).max(64) });
export const invitationIdInput = z.object({ invitationId: z.string().min(1).max(64) });
export const setRoleInput = z.object({ userId: z.string().min(1).max(64), role: roleSchema });

export const inviteTokenInput = z.object({ token: z.string().min(1).max(128) });
export const acceptInviteInput = z.object({
  token: z.string().min(1).max(128),
  name: personNameSchema,
  password: newPasswordSchema.optional(),
  /** Accept by signing in through the workspace's SSO instead of choosing a password. */
  withSso: z.boolean().optional(),
});
