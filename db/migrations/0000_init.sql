CREATE TABLE `api_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`name` text NOT NULL,
	`token_hash` text NOT NULL,
	`prefix` text NOT NULL,
	`scopes` text DEFAULT 'read,write' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`last_used_at` integer,
	`expires_at` integer,
	`revoked_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_token_hash_unique` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `api_tokens_user_idx` ON `api_tokens` (`user_id`);--> statement-breakpoint
CREATE TABLE `discussion_comments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`topic_id` integer NOT NULL,
	`author_id` integer NOT NULL,
	`body_md` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`deleted_at` integer,
	FOREIGN KEY (`topic_id`) REFERENCES `discussion_topics`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `discussion_comments_topic_idx` ON `discussion_comments` (`topic_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `discussion_topics` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`model_id` integer NOT NULL,
	`author_id` integer NOT NULL,
	`title` text NOT NULL,
	`body_md` text NOT NULL,
	`comment_count` integer DEFAULT 0 NOT NULL,
	`is_pinned` integer DEFAULT false NOT NULL,
	`is_locked` integer DEFAULT false NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`last_activity_at` integer NOT NULL,
	`deleted_at` integer,
	FOREIGN KEY (`model_id`) REFERENCES `models`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `discussion_topics_model_idx` ON `discussion_topics` (`model_id`,`last_activity_at`);--> statement-breakpoint
CREATE TABLE `files` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`version_id` integer NOT NULL,
	`path` text NOT NULL,
	`size` integer NOT NULL,
	`sha256` text NOT NULL,
	`md5` text,
	`content_type` text NOT NULL,
	`r2_key` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`version_id`) REFERENCES `versions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `files_version_path_idx` ON `files` (`version_id`,`path`);--> statement-breakpoint
CREATE INDEX `files_sha256_idx` ON `files` (`sha256`);--> statement-breakpoint
CREATE TABLE `licenses` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`spdx` text,
	`url` text,
	`commercial_use` integer NOT NULL,
	`modification` integer NOT NULL,
	`distribution` integer NOT NULL,
	`attribution_required` integer NOT NULL,
	`share_alike` integer NOT NULL,
	`patent_grant` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `model_tags` (
	`model_id` integer NOT NULL,
	`tag_id` integer NOT NULL,
	PRIMARY KEY(`model_id`, `tag_id`),
	FOREIGN KEY (`model_id`) REFERENCES `models`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`tag_id`) REFERENCES `tags`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `model_tags_tag_idx` ON `model_tags` (`tag_id`,`model_id`);--> statement-breakpoint
CREATE TABLE `models` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`owner_id` integer NOT NULL,
	`slug` text NOT NULL,
	`title` text NOT NULL,
	`subtitle` text DEFAULT '' NOT NULL,
	`card_md` text DEFAULT '' NOT NULL,
	`license_id` text,
	`license_source` text DEFAULT 'explicit' NOT NULL,
	`fine_tunable` integer,
	`is_private` integer DEFAULT false NOT NULL,
	`is_listed` integer DEFAULT true NOT NULL,
	`provenance` text NOT NULL,
	`source_handle` text,
	`source_url` text,
	`vote_count` integer DEFAULT 0 NOT NULL,
	`download_count` integer DEFAULT 0 NOT NULL,
	`notebook_count` integer DEFAULT 0 NOT NULL,
	`discussion_count` integer DEFAULT 0 NOT NULL,
	`hotness` real DEFAULT 0 NOT NULL,
	`latest_size_bytes` integer,
	`source_hash` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`published_at` integer,
	FOREIGN KEY (`owner_id`) REFERENCES `owners`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`license_id`) REFERENCES `licenses`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `models_owner_slug_idx` ON `models` (`owner_id`,`slug`);--> statement-breakpoint
CREATE UNIQUE INDEX `models_source_handle_idx` ON `models` (`source_handle`);--> statement-breakpoint
CREATE INDEX `models_public_hotness_idx` ON `models` (`hotness`,`id`) WHERE is_listed = 1 and is_private = 0;--> statement-breakpoint
CREATE INDEX `models_public_downloads_idx` ON `models` (`download_count`,`id`) WHERE is_listed = 1 and is_private = 0;--> statement-breakpoint
CREATE INDEX `models_public_votes_idx` ON `models` (`vote_count`,`id`) WHERE is_listed = 1 and is_private = 0;--> statement-breakpoint
CREATE INDEX `models_public_notebooks_idx` ON `models` (`notebook_count`,`id`) WHERE is_listed = 1 and is_private = 0;--> statement-breakpoint
CREATE INDEX `models_public_published_idx` ON `models` (`published_at`,`id`) WHERE is_listed = 1 and is_private = 0;--> statement-breakpoint
CREATE INDEX `models_public_created_idx` ON `models` (`created_at`,`id`) WHERE is_listed = 1 and is_private = 0;--> statement-breakpoint
CREATE INDEX `models_public_updated_idx` ON `models` (`updated_at`,`id`) WHERE is_listed = 1 and is_private = 0;--> statement-breakpoint
CREATE TABLE `notebooks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`model_id` integer NOT NULL,
	`variation_id` integer,
	`title` text NOT NULL,
	`url` text NOT NULL,
	`source` text NOT NULL,
	`author_id` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`model_id`) REFERENCES `models`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`variation_id`) REFERENCES `variations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notebooks_model_url_idx` ON `notebooks` (`model_id`,`url`);--> statement-breakpoint
CREATE TABLE `organization_members` (
	`organization_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`role` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`organization_id`, `user_id`),
	FOREIGN KEY (`organization_id`) REFERENCES `owners`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `organization_members_user_idx` ON `organization_members` (`user_id`);--> statement-breakpoint
CREATE TABLE `owners` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`kind` text NOT NULL,
	`display_name` text NOT NULL,
	`avatar_url` text,
	`about_md` text DEFAULT '' NOT NULL,
	`website_url` text,
	`source` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `owners_slug_unique` ON `owners` (`slug`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`expires_at` integer NOT NULL,
	`last_seen_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `sync_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`job` text NOT NULL,
	`trigger` text NOT NULL,
	`status` text NOT NULL,
	`source_revision` text,
	`files_seen` integer DEFAULT 0 NOT NULL,
	`files_changed` integer DEFAULT 0 NOT NULL,
	`files_added` integer DEFAULT 0 NOT NULL,
	`files_unlisted` integer DEFAULT 0 NOT NULL,
	`error_count` integer DEFAULT 0 NOT NULL,
	`message` text,
	`cpu_ms` integer,
	`wall_ms` integer,
	`started_at` integer NOT NULL,
	`finished_at` integer
);
--> statement-breakpoint
CREATE INDEX `sync_runs_job_started_idx` ON `sync_runs` (`job`,`started_at`);--> statement-breakpoint
CREATE TABLE `sync_state` (
	`job` text PRIMARY KEY NOT NULL,
	`source_revision` text,
	`source_etag` text,
	`locked_by` integer,
	`lock_expires_at` integer,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `tags` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`type` text NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tags_type_slug_idx` ON `tags` (`type`,`slug`);--> statement-breakpoint
CREATE TABLE `tfhub_source_files` (
	`path` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`handle` text NOT NULL,
	`blob_sha1` text NOT NULL,
	`parsed_json` text NOT NULL,
	`first_seen_revision` text,
	`last_seen_revision` text,
	`vanished_at` integer,
	`error` text,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tfhub_source_files_kind_handle_idx` ON `tfhub_source_files` (`kind`,`handle`) WHERE vanished_at is null;--> statement-breakpoint
CREATE TABLE `upload_sessions` (
	`token` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`file_name` text NOT NULL,
	`content_length` integer NOT NULL,
	`received_bytes` integer DEFAULT 0 NOT NULL,
	`r2_key` text NOT NULL,
	`sha256` text,
	`md5` text,
	`status` text DEFAULT 'open' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`expires_at` integer NOT NULL,
	`completed_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `upload_sessions_status_idx` ON `upload_sessions` (`status`,`expires_at`);--> statement-breakpoint
CREATE TABLE `usage_daily` (
	`model_id` integer NOT NULL,
	`day` text NOT NULL,
	`downloads` integer DEFAULT 0 NOT NULL,
	`views` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`model_id`, `day`),
	FOREIGN KEY (`model_id`) REFERENCES `models`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`owner_id` integer NOT NULL,
	`email` text NOT NULL,
	`password_hash` text,
	`is_admin` integer DEFAULT false NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`last_seen_at` integer,
	FOREIGN KEY (`owner_id`) REFERENCES `owners`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_owner_id_unique` ON `users` (`owner_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);--> statement-breakpoint
CREATE TABLE `variations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`model_id` integer NOT NULL,
	`framework` text NOT NULL,
	`slug` text NOT NULL,
	`overview` text DEFAULT '' NOT NULL,
	`usage_md` text DEFAULT '' NOT NULL,
	`fine_tunable` integer,
	`base_variation_id` integer,
	`is_listed` integer DEFAULT true NOT NULL,
	`source_hash` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`model_id`) REFERENCES `models`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`base_variation_id`) REFERENCES `variations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `variations_model_framework_slug_idx` ON `variations` (`model_id`,`framework`,`slug`);--> statement-breakpoint
CREATE TABLE `versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`variation_id` integer NOT NULL,
	`number` integer NOT NULL,
	`status` text DEFAULT 'ready' NOT NULL,
	`notes` text DEFAULT '' NOT NULL,
	`is_listed` integer DEFAULT true NOT NULL,
	`file_count` integer DEFAULT 0 NOT NULL,
	`total_bytes` integer DEFAULT 0 NOT NULL,
	`archive_key` text,
	`archive_size` integer,
	`archive_sha256` text,
	`archive_md5` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`published_at` integer,
	`source_kind` text,
	`source_handle` text,
	`source_version` integer,
	`source_path` text,
	`source_url` text,
	`format` text,
	`asset_path` text,
	`parent_source_handle` text,
	`parent_resolution` text,
	`colab_url` text,
	`demo_url` text,
	`interactive_visualizer` text,
	`source_hash` text,
	FOREIGN KEY (`variation_id`) REFERENCES `variations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `versions_variation_number_idx` ON `versions` (`variation_id`,`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `versions_source_path_idx` ON `versions` (`source_path`);--> statement-breakpoint
CREATE TABLE `votes` (
	`user_id` integer NOT NULL,
	`model_id` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`user_id`, `model_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`model_id`) REFERENCES `models`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `votes_model_idx` ON `votes` (`model_id`,`created_at`);