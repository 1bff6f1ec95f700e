import type { User } from "@jams/db";

/** The public view of a user on Team Members. */
export function toMemberView(user: User) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    status: user.status,
    lastSignInAt: user.lastSignInAt === null ? null : new Date(user.lastSignInAt).toISOString(),
    lastSignInMethod: user.lastSignInMethod,
  };
}
