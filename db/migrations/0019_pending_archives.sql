ALTER TABLE `versions` ADD `pending_archive_token` text;--> statement-breakpoint
CREATE INDEX `versions_pending_idx` ON `versions` (`created_at`) WHERE status = 'pending';