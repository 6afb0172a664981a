CREATE TABLE `graph_watches` (
	`owner_id` text PRIMARY KEY NOT NULL,
	`watching` integer NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
