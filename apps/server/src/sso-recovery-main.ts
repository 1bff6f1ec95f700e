import { openStore, type Store } from "@jams/db";
import { EnvError, loadConfig } from "./env.ts";

/**
 * `npm run sso:unenforce -- <admin email | tenant id>`: the operator's way back in when a tenant
 * enforces SSO and its IdP is down or its client secret expired. Turns Enforce SSO off (the SSO
 * settings stay), recorded in the tenant's Sign-in activity as done by `Operator`.
 */
async function unenforce(store: Store, target: string): Promise<string> {
  const tenantId = target.includes("@") ? (await store.accounts.findUserByEmail(target))?.tenantId : target;
  const sso = tenantId ? await store.sso.findConfig(tenantId) : undefined;
  if (!tenantId || !sso) throw new EnvError(`No workspace with SSO settings for ${target}: give an admin's email or the tenant id`);
  if (!sso.enforce) return `Enforce SSO was already off for tenant ${tenantId} (${sso.displayName}); nothing changed`;
  await store.sso.setEnforced(tenantId, { actorLabel: "Operator" }, false);
  return `Enforce SSO is off for tenant ${tenantId} (${sso.displayName}): people with a password can sign in again. Recorded in its Sign-in activity.`;
}

const target = process.argv[2]?.trim() ?? "";
if (!target) {
  process.stderr.write("Usage: npm run sso:unenforce -- <admin email | tenant id>\n");
  process.exit(2);
}
let store: Store | undefined;
try {
  const config = loadConfig();
  store = await openStore(config.database, { poolMax: 1 });
  process.stdout.write(`${await unenforce(store, target)}\n`);
} catch (error) {
  process.stderr.write(`${error instanceof EnvError ? error.message : `sso:unenforce failed: ${(error as Error).message}`}\n`);
  process.exitCode = 1;
} finally {
  await store?.close();
}
