-- Store (marketplace), library, presets and shared runs (issue 18).
-- A listing is one creator's slug for one graph; each submission is a version of it, with the graph as listed
-- (export-stripped: no secrets, no credentials) frozen in `snapshot`. Only APPROVED submissions are public;
-- `store_listings.live_submission_id` names the newest approved one (NULL = nothing public).
CREATE TABLE `store_profiles` (
	`user_id` text PRIMARY KEY NOT NULL REFERENCES `users`(`id`) ON DELETE cascade,
	`username` text NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	`bio` text DEFAULT '' NOT NULL,
	`links` text DEFAULT '[]' NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `store_profiles_username_unique` ON `store_profiles` (`username`);
--> statement-breakpoint
CREATE TABLE `store_listings` (
	`id` text PRIMARY KEY NOT NULL,
	`owner_id` text NOT NULL REFERENCES `users`(`id`) ON DELETE cascade,
	`graph_id` text NOT NULL,
	`slug` text NOT NULL,
	`live_submission_id` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `store_listings_owner_slug_unique` ON `store_listings` (`owner_id`,`slug`);
--> statement-breakpoint
CREATE UNIQUE INDEX `store_listings_owner_graph_unique` ON `store_listings` (`owner_id`,`graph_id`);
--> statement-breakpoint
CREATE INDEX `store_listings_live_idx` ON `store_listings` (`live_submission_id`);
--> statement-breakpoint
CREATE TABLE `store_submissions` (
	`id` text PRIMARY KEY NOT NULL,
	`listing_id` text NOT NULL REFERENCES `store_listings`(`id`) ON DELETE cascade,
	`owner_id` text NOT NULL REFERENCES `users`(`id`) ON DELETE cascade,
	`graph_id` text NOT NULL,
	`graph_version` integer NOT NULL,
	`name` text NOT NULL,
	`sub_heading` text DEFAULT '' NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`categories` text DEFAULT '[]' NOT NULL,
	`image_key` text,
	`snapshot` text NOT NULL,
	`status` text NOT NULL,
	`review_comment` text,
	`reviewed_by` text,
	`reviewed_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `store_submissions_listing_idx` ON `store_submissions` (`listing_id`,`created_at`);
--> statement-breakpoint
CREATE INDEX `store_submissions_owner_idx` ON `store_submissions` (`owner_id`,`created_at`);
--> statement-breakpoint
CREATE INDEX `store_submissions_status_idx` ON `store_submissions` (`status`,`created_at`);
--> statement-breakpoint
-- Full-text index of live listings (one row per listing, rewritten when its live version changes).
CREATE VIRTUAL TABLE `store_search` USING fts5(`listing_id` UNINDEXED, `name`, `sub_heading`, `description`, `categories`, tokenize = 'porter unicode61');
--> statement-breakpoint
CREATE TABLE `store_reviews` (
	`listing_id` text NOT NULL REFERENCES `store_listings`(`id`) ON DELETE cascade,
	`user_id` text NOT NULL REFERENCES `users`(`id`) ON DELETE cascade,
	`score` integer NOT NULL,
	`comments` text DEFAULT '' NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	PRIMARY KEY(`listing_id`, `user_id`)
);
--> statement-breakpoint
-- A user's library entry for one of their graphs: a store agent's copy (listing_id set, pinned to the
-- submission it was copied from) or their own graph (favourite flag only).
CREATE TABLE `library_agents` (
	`owner_id` text NOT NULL REFERENCES `users`(`id`) ON DELETE cascade,
	`graph_id` text NOT NULL,
	`listing_id` text REFERENCES `store_listings`(`id`) ON DELETE set null,
	`submission_id` text,
	`graph_version` integer,
	`is_favorite` integer DEFAULT false NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	PRIMARY KEY(`owner_id`, `graph_id`)
);
--> statement-breakpoint
CREATE INDEX `library_agents_listing_idx` ON `library_agents` (`listing_id`,`owner_id`);
--> statement-breakpoint
CREATE TABLE `library_presets` (
	`id` text PRIMARY KEY NOT NULL,
	`owner_id` text NOT NULL REFERENCES `users`(`id`) ON DELETE cascade,
	`graph_id` text NOT NULL,
	`graph_version` integer,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`inputs` text DEFAULT '{}' NOT NULL,
	`credentials` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `library_presets_owner_idx` ON `library_presets` (`owner_id`,`graph_id`);
--> statement-breakpoint
-- Read-only links to finished runs: only the token's SHA-256 is kept; one live link per run.
CREATE TABLE `shared_executions` (
	`execution_id` text PRIMARY KEY NOT NULL,
	`owner_id` text NOT NULL REFERENCES `users`(`id`) ON DELETE cascade,
	`token_hash` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `shared_executions_token_unique` ON `shared_executions` (`token_hash`);
--> statement-breakpoint
ALTER TABLE `schedules` ADD `preset_id` text;
