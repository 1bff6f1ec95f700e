import type { Role } from "@jams/contracts";

export const ROLE_LABEL: Record<Role, string> = { admin: "Admin", member: "Member" };
