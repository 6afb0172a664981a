-- A webhook may name one of its owner's presets of the same graph: deliveries then start runs with the preset's
-- inputs and credentials (the payload still on the trigger node). Deleting the preset sets this back to NULL.
ALTER TABLE `webhooks` ADD `preset_id` text;
