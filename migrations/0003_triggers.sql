-- Issue 14: schedules fire from the cron handler, webhooks start runs, runs record how they started,
-- notifications and completion callbacks.
ALTER TABLE `schedules` ADD `credentials` text;--> statement-breakpoint
ALTER TABLE `schedules` ADD `callback_url` text;--> statement-breakpoint
ALTER TABLE `schedules` ADD `last_run_id` text;--> statement-breakpoint
ALTER TABLE `schedules` ADD `last_run_status` text;--> statement-breakpoint
ALTER TABLE `schedules` ADD `last_run_error` text;--> statement-breakpoint
ALTER TABLE `schedules` ADD `updated_at` text;--> statement-breakpoint
CREATE INDEX `schedules_owner_graph_idx` ON `schedules` (`owner_id`,`graph_id`);--> statement-breakpoint
ALTER TABLE `executions` ADD `trigger_type` text DEFAULT 'manual' NOT NULL;--> statement-breakpoint
ALTER TABLE `executions` ADD `trigger_id` text;--> statement-breakpoint
CREATE INDEX `executions_owner_created_idx` ON `executions` (`owner_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `webhooks` ADD `graph_version` integer;--> statement-breakpoint
ALTER TABLE `webhooks` ADD `secret_ciphertext` text;--> statement-breakpoint
ALTER TABLE `webhooks` ADD `last_delivery_at` text;--> statement-breakpoint
CREATE UNIQUE INDEX `webhooks_graph_node_unique` ON `webhooks` (`owner_id`,`graph_id`,`node_id`);--> statement-breakpoint
CREATE TABLE `webhook_deliveries` (
	`id` text PRIMARY KEY NOT NULL,
	`webhook_id` text NOT NULL,
	`owner_id` text NOT NULL,
	`status` integer NOT NULL,
	`execution_id` text,
	`body_bytes` integer NOT NULL,
	`error` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `webhook_deliveries_webhook_idx` ON `webhook_deliveries` (`webhook_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `graph_callbacks` (
	`owner_id` text NOT NULL,
	`graph_id` text NOT NULL,
	`url` text NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	PRIMARY KEY(`owner_id`, `graph_id`),
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `notifications_unread_idx` ON `notifications` (`owner_id`,`read_at`);
