import { type Executor, get } from "./sql/script.ts";
import { type AbuseStore, abuseStore } from "./stores/abuse-store.ts";
import { type AccountsStore, accountsStore } from "./stores/accounts-store.ts";
import { type AuditStore, auditStore } from "./stores/audit-store.ts";
import { type DomainsStore, domainsStore } from "./stores/domains-store.ts";
import { type KeysStore, keysStore } from "./stores/keys-store.ts";
import { type RetentionStore, retentionStore } from "./stores/retention-store.ts";
import { type ScimStore, scimStore } from "./stores/scim-store.ts";
import { type SessionsStore, sessionsStore } from "./stores/sessions-store.ts";
import { type SsoStore, ssoStore } from "./stores/sso-store.ts";
import { type TeamStore, teamStore } from "./stores/team-store.ts";

/** Everything the server keeps, one store per domain, on SQLite or PostgreSQL alike. */
export interface Store {
  readonly dialect: Executor["dialect"];
  readonly accounts: AccountsStore;
  readonly sso: SsoStore;
  readonly team: TeamStore;
  readonly audit: AuditStore;
  readonly abuse: AbuseStore;
  readonly sessions: SessionsStore;
  readonly retention: RetentionStore;
  readonly scim: ScimStore;
  readonly domains: DomainsStore;
  readonly keys: KeysStore;
  /** The executor behind the stores: for tools and tests that read tables directly. */
  readonly executor: Executor;
  /** Resolves when the database answers a trivial query (the health check). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export function createStore(executor: Executor): Store {
  return {
    dialect: executor.dialect,
    accounts: accountsStore(executor),
    sso: ssoStore(executor),
    team: teamStore(executor),
    audit: auditStore(executor),
    abuse: abuseStore(executor),
    sessions: sessionsStore(executor),
    retention: retentionStore(executor),
    scim: scimStore(executor),
    domains: domainsStore(executor),
    keys: keysStore(executor),
    executor,
    ping: async () => {
      await executor.run(get("select 1 as ok"));
    },
    close: () => executor.close(),
  };
}
