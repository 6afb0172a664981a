-- A key minted by another key records its parent, so revoking a (stolen) key revokes every key it minted.
ALTER TABLE `api_keys` ADD `parent_key_id` text;--> statement-breakpoint
CREATE INDEX `api_keys_parent_idx` ON `api_keys` (`parent_key_id`);