-- Webhook replay protection: every signed delivery's signature is kept until its 5-minute window has passed,
-- so the same signed request sent twice is refused. Expired rows are deleted as new ones arrive.
CREATE TABLE `webhook_signatures` (
	`webhook_id` text NOT NULL,
	`signature` text NOT NULL,
	`expires_at` integer NOT NULL,
	PRIMARY KEY(`webhook_id`, `signature`)
);
--> statement-breakpoint
CREATE INDEX `webhook_signatures_expiry_idx` ON `webhook_signatures` (`webhook_id`,`expires_at`);
