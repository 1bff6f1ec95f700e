import type { SsoSettings } from "@jams/contracts";
import type { Db } from "@jams/db";
import { schema } from "@jams/db";
import { eq } from "drizzle-orm";
import { recordAudit } from "../audit/audit-log.ts";
import { findSsoConfig } from "../auth/accounts.ts";
import type { AppConfig } from "../config.ts";
import { sealClientSecret } from "./client-secret-crypto.ts";
import { redirectUriOf } from "./sso-flow.ts";

/** The `sso.get` view: never the secret, only whether one is saved. */
export function ssoSettingsOf(db: Db, config: AppConfig, tenantId: string): SsoSettings {
  const sso = findSsoConfig(db, tenantId);
  return {
    redirectUri: redirectUriOf(config),
    config: sso
      ? {
          displayName: sso.displayName,
          issuer: sso.issuer,
          clientId: sso.clientId,
          hasClientSecret: sso.clientSecretSealed !== null,
          enforce: sso.enforce,
          updatedAt: sso.updatedAt.toISOString(),
        }
      : null,
  };
}

export interface SsoConfigChange {
  tenantId: string;
  actorUserId: string;
  displayName: string;
  issuer: string;
  clientId: string;
  clientSecret: string | undefined;
}

export type SaveProblem = "secret_required";

/**
 * Saves a tenant's one SSO config in a transaction. An empty secret keeps the saved one.
 * Pointing the config at another IdP or client, or changing the secret, turns enforcement off:
 * nobody has proven the new settings work yet, and an enforced tenant with a broken IdP would be
 * locked out.
 */
export function saveSsoConfig(
  db: Db,
  config: AppConfig,
  change: SsoConfigChange,
): { problem: SaveProblem } | { isEnforcementReset: boolean } {
  return db.transaction((tx) => {
    const existing = tx.select().from(schema.ssoConfigs).where(eq(schema.ssoConfigs.tenantId, change.tenantId)).get();
    if (!existing && change.clientSecret === undefined) return { problem: "secret_required" as const };
    const sealed =
      change.clientSecret === undefined ? undefined : sealClientSecret(change.clientSecret, change.tenantId, config.ssoEncryptionKeys);
    const isNewIdp =
      existing !== undefined && (existing.issuer !== change.issuer || existing.clientId !== change.clientId || sealed !== undefined);
    const enforce = existing?.enforce === true && !isNewIdp;
    const values = {
      displayName: change.displayName,
      issuer: change.issuer,
      clientId: change.clientId,
      enforce,
      updatedAt: new Date(),
      updatedBy: change.actorUserId,
      ...(sealed ? { clientSecretSealed: sealed.sealed, clientSecretKeyId: sealed.keyId } : {}),
    };
    tx.insert(schema.ssoConfigs)
      .values({ tenantId: change.tenantId, ...values })
      .onConflictDoUpdate({ target: schema.ssoConfigs.tenantId, set: values })
      .run();
    const changedFields = (["displayName", "issuer", "clientId"] as const).filter((field) => existing?.[field] !== change[field]);
    recordAudit(db, {
      type: "sso.config.saved",
      tenantId: change.tenantId,
      actorUserId: change.actorUserId,
      details: {
        changedFields: sealed ? [...changedFields, "clientSecret"] : changedFields,
        displayName: change.displayName,
        issuer: change.issuer,
        clientId: change.clientId,
        enforcementReset: existing?.enforce === true && !enforce,
      },
    });
    return { isEnforcementReset: existing?.enforce === true && !enforce };
  });
}

export function setSsoEnforced(db: Db, tenantId: string, actorUserId: string, enforce: boolean): boolean {
  return db.transaction((tx) => {
    const updated = tx
      .update(schema.ssoConfigs)
      .set({ enforce, updatedAt: new Date(), updatedBy: actorUserId })
      .where(eq(schema.ssoConfigs.tenantId, tenantId))
      .run();
    if (updated.changes === 0) return false;
    recordAudit(db, { type: "sso.enforce.changed", tenantId, actorUserId, details: { enforce } });
    return true;
  });
}

export function removeSsoConfig(db: Db, tenantId: string, actorUserId: string): void {
  db.transaction((tx) => {
    const removed = tx.delete(schema.ssoConfigs).where(eq(schema.ssoConfigs.tenantId, tenantId)).returning().get();
    if (removed) recordAudit(db, { type: "sso.config.removed", tenantId, actorUserId, details: { issuer: removed.issuer } });
  });
}
