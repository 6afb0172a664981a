-- Sign out everywhere / change password: every session token carries the user's session generation (`gen`);
-- bumping it here invalidates all tokens issued before. Tokens without the claim count as generation 0.
ALTER TABLE `users` ADD `session_generation` integer DEFAULT 0 NOT NULL;
