-- Credentials vault: which key encrypted each record (so CREDENTIALS_KEY can be rotated), when it last changed,
-- and the non-secret details shown with it (host of host_scoped credentials, base_url of self-hosted models).
ALTER TABLE `credentials` ADD `key_id` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `credentials` ADD `details` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `credentials` ADD `updated_at` text;--> statement-breakpoint
CREATE INDEX `credentials_key_idx` ON `credentials` (`key_id`);
