import { randomUUID } from "node:crypto";
import { normalizeEmail } from "@jams/contracts";
import type { Db } from "@jams/db";
import { schema } from "@jams/db";
import { eq } from "drizzle-orm";
import { hashPassword } from "./auth/password-hash.ts";
import type { AppConfig } from "./config.ts";
import { saveSsoConfig } from "./sso/sso-settings.ts";

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

/**
 * Seeds the development database: a demo tenant, an admin and a member with the demo
 * password, and SSO pointed at the local IdP. Safe to run on every start: an existing demo
 * tenant only has its SSO config re-pointed at the IdP.
 */
export async function seedDemo(db: Db, config: AppConfig, idp: DemoIdp): Promise<void> {
  const existingAdmin = db
    .select()
    .from(schema.users)
    .where(eq(schema.users.emailNormalized, normalizeEmail(DEMO.admin.email)))
    .get();
  let tenantId = existingAdmin?.tenantId;
  let adminId = existingAdmin?.id;
  if (!tenantId || !adminId) {
    const passwordHash = await hashPassword(DEMO.password);
    const ids = { tenant: randomUUID(), admin: randomUUID() };
    db.transaction((tx) => {
      tx.insert(schema.tenants).values({ id: ids.tenant, name: DEMO.workspaceName }).run();
      for (const [person, role, id] of [
        [DEMO.admin, "admin", ids.admin],
        [DEMO.member, "member", randomUUID()],
      ] as const) {
        tx.insert(schema.users)
          .values({
            id,
            tenantId: ids.tenant,
            email: person.email,
            emailNormalized: normalizeEmail(person.email),
            name: person.name,
            role,
            status: "active",
            passwordHash,
          })
          .run();
      }
    });
    tenantId = ids.tenant;
    adminId = ids.admin;
  }
  saveSsoConfig(db, config, {
    tenantId,
    actorUserId: adminId,
    displayName: DEMO.ssoDisplayName,
    issuer: idp.issuer,
    clientId: idp.clientId,
    clientSecret: idp.clientSecret,
  });
}
