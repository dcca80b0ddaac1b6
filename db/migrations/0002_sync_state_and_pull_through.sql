ALTER TABLE `sync_runs` ADD `subrequests` integer;--> statement-breakpoint
ALTER TABLE `sync_runs` ADD `errors_json` text;--> statement-breakpoint
ALTER TABLE `sync_state` ADD `cursor_json` text;--> statement-breakpoint
ALTER TABLE `versions` ADD `asset_state` text;--> statement-breakpoint
ALTER TABLE `versions` ADD `asset_lease_until` integer;--> statement-breakpoint
ALTER TABLE `versions` ADD `asset_error` text;