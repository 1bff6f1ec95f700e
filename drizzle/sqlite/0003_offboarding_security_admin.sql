CREATE TABLE `data_keys` (
	`key_id` text PRIMARY KEY NOT NULL,
	`wrapped_key` text NOT NULL,
	`wrapping_key_id` text NOT NULL,
	`is_current` integer DEFAULT false NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `scim_tokens` (
	`tenant_id` text PRIMARY KEY NOT NULL,
	`token_hash` text NOT NULL,
	`created_by` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`last_used_at` integer,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `scim_tokens_hash_unique` ON `scim_tokens` (`token_hash`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`tenant_id` text NOT NULL,
	`method` text NOT NULL,
	`user_agent` text DEFAULT '' NOT NULL,
	`idp_issuer` text,
	`idp_subject` text,
	`idp_session_id` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`last_seen_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`revoked_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE INDEX `sessions_idp_session_idx` ON `sessions` (`idp_issuer`,`idp_session_id`);--> statement-breakpoint
CREATE INDEX `sessions_idp_subject_idx` ON `sessions` (`idp_issuer`,`idp_subject`);--> statement-breakpoint
CREATE INDEX `sessions_expires_idx` ON `sessions` (`expires_at`);--> statement-breakpoint
CREATE TABLE `tenant_domains` (
	`tenant_id` text NOT NULL,
	`domain` text NOT NULL,
	`verification_token` text NOT NULL,
	`verified_at` integer,
	`checked_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`tenant_id`, `domain`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tenant_domains_verified_unique` ON `tenant_domains` (`domain`) WHERE verified_at is not null;--> statement-breakpoint
DROP INDEX `users_email_normalized_unique`;--> statement-breakpoint
DROP INDEX `users_tenant_idx`;--> statement-breakpoint
ALTER TABLE `users` ADD `email_claimed_at` integer;--> statement-breakpoint
ALTER TABLE `users` ADD `idp_issuer` text;--> statement-breakpoint
ALTER TABLE `users` ADD `idp_subject` text;--> statement-breakpoint
ALTER TABLE `users` ADD `given_name` text;--> statement-breakpoint
ALTER TABLE `users` ADD `family_name` text;--> statement-breakpoint
ALTER TABLE `users` ADD `is_scim_managed` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `external_id` text;--> statement-breakpoint
ALTER TABLE `users` ADD `scim_user_name` text;--> statement-breakpoint
ALTER TABLE `users` ADD `scim_user_name_key` text;--> statement-breakpoint
ALTER TABLE `users` ADD `scim_deleted_at` integer;--> statement-breakpoint
ALTER TABLE `users` ADD `updated_at` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `users_claimed_email_unique` ON `users` (`email_normalized`) WHERE email_claimed_at is not null;--> statement-breakpoint
CREATE UNIQUE INDEX `users_tenant_email_unique` ON `users` (`tenant_id`,`email_normalized`);--> statement-breakpoint
CREATE UNIQUE INDEX `users_idp_identity_unique` ON `users` (`tenant_id`,`idp_issuer`,`idp_subject`) WHERE idp_subject is not null;--> statement-breakpoint
CREATE UNIQUE INDEX `users_tenant_external_id_unique` ON `users` (`tenant_id`,`external_id`) WHERE external_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX `users_tenant_scim_user_name_unique` ON `users` (`tenant_id`,`scim_user_name_key`) WHERE scim_user_name_key is not null;--> statement-breakpoint
CREATE INDEX `users_email_idx` ON `users` (`email_normalized`);--> statement-breakpoint
ALTER TABLE `audit_events` ADD `actor_label` text;--> statement-breakpoint
ALTER TABLE `audit_events` ADD `repeat_count` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `audit_events` ADD `last_seen_at` integer;--> statement-breakpoint
CREATE INDEX `audit_events_created_idx` ON `audit_events` (`created_at`);--> statement-breakpoint
ALTER TABLE `rate_limits` ADD `updated_at` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `sso_configs` ADD `client_secret_expires_at` integer;--> statement-breakpoint
ALTER TABLE `sso_configs` ADD `idp_kind` text;--> statement-breakpoint
ALTER TABLE `sso_configs` ADD `last_test` text;--> statement-breakpoint
CREATE INDEX `sso_configs_issuer_idx` ON `sso_configs` (`issuer`);--> statement-breakpoint
ALTER TABLE `sso_handoffs` ADD `idp_issuer` text;--> statement-breakpoint
ALTER TABLE `sso_handoffs` ADD `idp_subject` text;--> statement-breakpoint
ALTER TABLE `sso_handoffs` ADD `idp_session_id` text;--> statement-breakpoint
UPDATE `users` SET `updated_at` = `created_at`;--> statement-breakpoint
UPDATE `users` SET `email_claimed_at` = `created_at`
  WHERE `password_hash` IS NOT NULL OR `last_sign_in_at` IS NOT NULL
     OR EXISTS (SELECT 1 FROM `invitations` i WHERE i.`user_id` = `users`.`id` AND i.`accepted_at` IS NOT NULL);--> statement-breakpoint
UPDATE `rate_limits` SET `updated_at` = `window_start`;
