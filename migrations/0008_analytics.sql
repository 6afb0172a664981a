-- Monitoring rollups, kept incrementally: the run index writer (durable-objects/run-index.ts) adds each ended
-- top-level run once, in the same D1 transaction as the run's final index row (worker/analytics/rollup.ts).
-- Days are UTC dates (YYYY-MM-DD) of the run's end.
CREATE TABLE `analytics_daily` (
	`owner_id` text NOT NULL,
	`graph_id` text NOT NULL,
	`day` text NOT NULL,
	`completed` integer DEFAULT 0 NOT NULL,
	`completed_with_errors` integer DEFAULT 0 NOT NULL,
	`failed` integer DEFAULT 0 NOT NULL,
	`terminated` integer DEFAULT 0 NOT NULL,
	`duration_ms` integer DEFAULT 0 NOT NULL,
	`cost` real DEFAULT 0 NOT NULL,
	`input_tokens` integer DEFAULT 0 NOT NULL,
	`output_tokens` integer DEFAULT 0 NOT NULL,
	`llm_calls` integer DEFAULT 0 NOT NULL,
	`node_errors` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`owner_id`, `graph_id`, `day`),
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `analytics_daily_day_idx` ON `analytics_daily` (`day`);
--> statement-breakpoint
CREATE INDEX `analytics_daily_owner_day_idx` ON `analytics_daily` (`owner_id`, `day`);
--> statement-breakpoint
CREATE TABLE `analytics_durations` (
	`owner_id` text NOT NULL,
	`graph_id` text NOT NULL,
	`day` text NOT NULL,
	`bucket` integer NOT NULL,
	`runs` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`owner_id`, `graph_id`, `day`, `bucket`),
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `analytics_durations_day_idx` ON `analytics_durations` (`day`);
--> statement-breakpoint
CREATE INDEX `analytics_durations_owner_day_idx` ON `analytics_durations` (`owner_id`, `day`);
--> statement-breakpoint
CREATE TABLE `analytics_block_failures` (
	`owner_id` text NOT NULL,
	`graph_id` text NOT NULL,
	`day` text NOT NULL,
	`block_id` text NOT NULL,
	`failures` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`last_node_id` text,
	`last_execution_id` text,
	`last_failed_at` text,
	PRIMARY KEY(`owner_id`, `graph_id`, `day`, `block_id`),
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `analytics_block_failures_day_idx` ON `analytics_block_failures` (`day`);
--> statement-breakpoint
CREATE INDEX `analytics_block_failures_owner_day_idx` ON `analytics_block_failures` (`owner_id`, `day`);
