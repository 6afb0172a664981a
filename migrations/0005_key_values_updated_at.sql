-- PersistInformationBlock overwrites values and records when: key_values gets the updated_at column that
-- block-context.ts writes (0000 only had created_at). SQLite cannot add a column with an expression default,
-- so existing rows take their created_at and every write sets updated_at itself.
ALTER TABLE `key_values` ADD `updated_at` text;
--> statement-breakpoint
UPDATE `key_values` SET `updated_at` = `created_at` WHERE `updated_at` IS NULL;
