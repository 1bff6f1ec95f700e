CREATE TABLE `rate_limits` (
	`key` text PRIMARY KEY NOT NULL,
	`window_start` integer NOT NULL,
	`count` integer NOT NULL,
	`failures` integer DEFAULT 0 NOT NULL,
	`blocked_until` integer
);
