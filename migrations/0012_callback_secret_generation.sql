-- Per-user rotation of the completion-callback signing secret: mixed into its derivation (0 keeps the secret as it was).
ALTER TABLE `users` ADD `callback_secret_generation` integer DEFAULT 0 NOT NULL;
