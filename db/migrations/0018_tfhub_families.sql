CREATE TABLE `handle_aliases` (
	`old_path` text PRIMARY KEY NOT NULL,
	`model_id` integer NOT NULL,
	`variation_id` integer,
	`version_id` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`model_id`) REFERENCES `models`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`variation_id`) REFERENCES `variations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`version_id`) REFERENCES `versions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `handle_aliases_model_idx` ON `handle_aliases` (`model_id`);--> statement-breakpoint
DROP INDEX `models_source_handle_idx`;--> statement-breakpoint
CREATE INDEX `models_source_handle_idx` ON `models` (`source_handle`);--> statement-breakpoint
-- A TF Hub variation keeps its own tags (docs/tfhub.md, "Families"): its newest page's, as JSON.
ALTER TABLE `variations` ADD `tags_json` text DEFAULT '[]' NOT NULL;