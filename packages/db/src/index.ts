export { type DatabaseLocation, databaseLocationOf, type OpenOptions, openStore } from "./open-store.ts";
export type { AuditEvent, Invitation, SsoConfig, Tenant, User } from "./rows.ts";
export { UniqueViolationError } from "./sql/script.ts";
export type { Store } from "./store.ts";
export type { AbuseStore, PendingHits, WindowCount } from "./stores/abuse-store.ts";
export type { Account, NewWorkspace, SignInRoute, UserWithTenant } from "./stores/accounts-store.ts";
export type { AuditEventInput, AuditEventView } from "./stores/audit-store.ts";
export type { HandoffRecord, SaveProblem, SealedClientSecret, SsoConfigChange } from "./stores/sso-store.ts";
export type { InvitationProblem, InviteProblem, OpenInvitation, PendingInvitation, StatusChangeProblem } from "./stores/team-store.ts";
