CREATE TABLE `download_events` (
	`day` text NOT NULL,
	`version_id` integer NOT NULL,
	`client` text NOT NULL,
	`variation_id` integer NOT NULL,
	`model_id` integer NOT NULL,
	PRIMARY KEY(`day`, `version_id`, `client`)
);
--> statement-breakpoint
CREATE INDEX `download_events_model_client_idx` ON `download_events` (`model_id`,`day`,`client`);--> statement-breakpoint
CREATE TABLE `download_salts` (
	`day` text PRIMARY KEY NOT NULL,
	`salt` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `usage_daily_versions` (
	`version_id` integer NOT NULL,
	`day` text NOT NULL,
	`variation_id` integer NOT NULL,
	`model_id` integer NOT NULL,
	`downloads` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`version_id`, `day`),
	FOREIGN KEY (`version_id`) REFERENCES `versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`variation_id`) REFERENCES `variations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`model_id`) REFERENCES `models`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `usage_daily_versions_model_idx` ON `usage_daily_versions` (`model_id`,`day`);--> statement-breakpoint
ALTER TABLE `usage_daily` ADD `unique_downloaders` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- A counted download is one new download_events row (docs/usage.md): this rolls it up into the
-- model's day, the version's day, the model's total and its hotness (a download weighs 1, at
-- its UTC day, as the recomputation in search_reindex_ai does). A client is unique for the
-- model's day when it has no other version of the model in download_events that day.
CREATE TRIGGER `download_events_ai` AFTER INSERT ON `download_events` BEGIN
  INSERT INTO usage_daily (model_id, day, downloads, unique_downloaders)
    VALUES (new.model_id, new.day, 1, NOT EXISTS (
      SELECT 1 FROM download_events e
      WHERE e.model_id = new.model_id AND e.day = new.day AND e.client = new.client
        AND e.version_id <> new.version_id))
    ON CONFLICT (model_id, day) DO UPDATE SET
      downloads = downloads + 1,
      unique_downloaders = unique_downloaders + excluded.unique_downloaders;
  INSERT INTO usage_daily_versions (version_id, day, variation_id, model_id, downloads)
    VALUES (new.version_id, new.day, new.variation_id, new.model_id, 1)
    ON CONFLICT (version_id, day) DO UPDATE SET downloads = downloads + 1;
  UPDATE models SET
    download_count = download_count + 1,
    hotness = log2(pow(2, hotness) + pow(2, (unixepoch(new.day) * 1000 - 1704067200000) / 604800000.0))
  WHERE id = new.model_id;
END;
