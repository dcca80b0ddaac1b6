ALTER TABLE `versions` ADD `asset_lease_token` text;--> statement-breakpoint
ALTER TABLE `versions` ADD `asset_retry_at` integer;--> statement-breakpoint
ALTER TABLE `versions` ADD `asset_attempts` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `versions` ADD `asset_received_bytes` integer;--> statement-breakpoint
ALTER TABLE `versions` ADD `asset_total_bytes` integer;--> statement-breakpoint
-- the state that meant "files in R2" is now called fetched
UPDATE `versions` SET `asset_state` = 'fetched' WHERE `asset_state` = 'ready';--> statement-breakpoint
-- a failure recorded before this migration waited in asset_lease_until
UPDATE `versions` SET `asset_retry_at` = `asset_lease_until`, `asset_lease_until` = NULL WHERE `asset_state` = 'failed';
