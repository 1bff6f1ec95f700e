export { type DatabaseLocation, databaseLocationOf, type OpenOptions, openStore } from "./open-store.ts";
export type { AuditEvent, Invitation, SsoConfig, Tenant, User } from "./rows.ts";
export { UniqueViolationError } from "./sql/script.ts";
export type { Store } from "./store.ts";
export type { AbuseStore, PendingHits, WindowCount } from "./stores/abuse-store.ts";
export type { Account, NewWorkspace, SignInRoute, UserWithTenant } from "./stores/accounts-store.ts";
export type { AuditEventInput, AuditEventView } from "./stores/audit-store.ts";
export type { AddDomainProblem, RecheckOutcome, TenantDomain, VerifyDomainProblem } from "./stores/domains-store.ts";
export type { DataKey, KeysStore, NewDataKey, Reseal, TenantClientSecret } from "./stores/keys-store.ts";
export type { RetentionPolicy, SweepCounts } from "./stores/retention-store.ts";
export type { ScimUserFields, ScimUserQuery } from "./stores/scim-store.ts";
export type { IdpSession, LiveSession, SessionStart } from "./stores/sessions-store.ts";
export type {
  HandoffRecord,
  SaveProblem,
  SealedClientSecret,
  SsoConfigChange,
  StoredSsoTest,
} from "./stores/sso-store.ts";
export type {
  AcceptanceProblem,
  InvitationProblem,
  InviteProblem,
  OpenInvitation,
  PendingInvitation,
  StatusChangeProblem,
} from "./stores/team-store.ts";
