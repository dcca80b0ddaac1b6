ALTER TABLE `upload_sessions` ADD `multipart_id` text;--> statement-breakpoint
ALTER TABLE `upload_sessions` ADD `parts_json` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `upload_sessions` ADD `declared_sha256` text;--> statement-breakpoint
CREATE INDEX `upload_sessions_user_idx` ON `upload_sessions` (`user_id`,`status`);