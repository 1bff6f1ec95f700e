import type { Store } from "@jams/db";
import { hashPassword } from "./auth/password-hash.ts";
import type { AppConfig } from "./config.ts";
import { saveSsoConfig } from "./sso/sso-settings.ts";
import { acceptInvitation, createInvitation } from "./team/invitations.ts";

export const DEMO = {
  workspaceName: "Demo Workspace",
  admin: { email: "admin@example.com", name: "Ada Admin" },
  member: { email: "member@example.com", name: "Max Member" },
  password: "demo-password-1",
  ssoDisplayName: "Local IdP",
} as const;

export interface DemoIdp {
  issuer: string;
  clientId: string;
  clientSecret: string;
}

/** The demo tenant and its admin, plus a member who joined by invitation, all with the demo password. */
async function createDemoWorkspace(store: Store, jwtSecret: Uint8Array) {
  const passwordHash = await hashPassword(DEMO.password);
  const created = await store.accounts.createWorkspace(
    {
      workspaceName: DEMO.workspaceName,
      name: DEMO.admin.name,
      email: DEMO.admin.email,
      passwordHash,
    },
    null,
  );
  if (!created) throw new Error(`${DEMO.admin.email} already belongs to another workspace`);
  const { user: admin } = created;
  const invite = await createInvitation(store, jwtSecret, {
    tenantId: admin.tenantId,
    invitedBy: admin.id,
    email: DEMO.member.email,
    role: "member",
  });
  if ("problem" in invite) throw new Error(`${DEMO.member.email} already belongs to another workspace`);
  await acceptInvitation(store, invite.token, { name: DEMO.member.name, passwordHash, wasSsoEnforced: false }, null);
  return admin;
}

/**
 * Seeds the development database: a demo tenant, an admin and a member with the demo
 * password, and SSO pointed at the local IdP. Safe to run on every start: an existing demo
 * tenant only has its SSO config re-pointed at the IdP.
 */
export async function seedDemo(store: Store, config: AppConfig, idp: DemoIdp): Promise<void> {
  const admin = (await store.accounts.findUserByEmail(DEMO.admin.email)) ?? (await createDemoWorkspace(store, config.jwtSecret));
  await saveSsoConfig(store, config, {
    tenantId: admin.tenantId,
    actorUserId: admin.id,
    displayName: DEMO.ssoDisplayName,
    issuer: idp.issuer,
    clientId: idp.clientId,
    clientSecret: idp.clientSecret,
    idpKind: "other",
    clientSecretExpiresAt: null,
  });
}
