CREATE TABLE `discussion_votes` (
	`user_id` integer NOT NULL,
	`target_kind` text NOT NULL,
	`target_id` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`user_id`, `target_kind`, `target_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `discussion_votes_target_idx` ON `discussion_votes` (`target_kind`,`target_id`);--> statement-breakpoint
CREATE TABLE `reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`reporter_id` integer NOT NULL,
	`target_kind` text NOT NULL,
	`target_id` integer NOT NULL,
	`reason` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`resolved_at` integer,
	FOREIGN KEY (`reporter_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reports_reporter_target_idx` ON `reports` (`reporter_id`,`target_kind`,`target_id`);--> statement-breakpoint
CREATE INDEX `reports_status_idx` ON `reports` (`status`,`created_at`);--> statement-breakpoint
CREATE TABLE `source_suggestions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`name` text NOT NULL,
	`url` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`status` text DEFAULT 'new' NOT NULL,
	`admin_note` text DEFAULT '' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `source_suggestions_status_idx` ON `source_suggestions` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `source_suggestions_user_idx` ON `source_suggestions` (`user_id`);--> statement-breakpoint
ALTER TABLE `discussion_comments` ADD `vote_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `discussion_comments` ADD `is_hidden` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `discussion_comments` ADD `edited_at` integer;--> statement-breakpoint
CREATE INDEX `discussion_comments_author_idx` ON `discussion_comments` (`author_id`);--> statement-breakpoint
ALTER TABLE `discussion_topics` ADD `vote_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `discussion_topics` ADD `is_hidden` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `discussion_topics` ADD `edited_at` integer;--> statement-breakpoint
ALTER TABLE `users` ADD `deleted_at` integer;--> statement-breakpoint
-- Counters kept by triggers, so a vote and its count change in the same statement: a repeated
-- vote (INSERT OR IGNORE) or a repeated un-vote changes no row and fires nothing (docs/community.md).
CREATE TRIGGER `votes_count_ai` AFTER INSERT ON `votes` BEGIN
  UPDATE models SET vote_count = vote_count + 1 WHERE id = new.model_id;
END;
--> statement-breakpoint
CREATE TRIGGER `votes_count_ad` AFTER DELETE ON `votes` BEGIN
  UPDATE models SET vote_count = vote_count - 1 WHERE id = old.model_id;
END;
--> statement-breakpoint
UPDATE models SET vote_count = (SELECT count(*) FROM votes v WHERE v.model_id = models.id);
--> statement-breakpoint
CREATE TRIGGER `discussion_votes_ai` AFTER INSERT ON `discussion_votes` BEGIN
  UPDATE discussion_topics SET vote_count = vote_count + 1
  WHERE id = new.target_id AND new.target_kind = 'topic';
  UPDATE discussion_comments SET vote_count = vote_count + 1
  WHERE id = new.target_id AND new.target_kind = 'comment';
END;
--> statement-breakpoint
CREATE TRIGGER `discussion_votes_ad` AFTER DELETE ON `discussion_votes` BEGIN
  UPDATE discussion_topics SET vote_count = vote_count - 1
  WHERE id = old.target_id AND old.target_kind = 'topic';
  UPDATE discussion_comments SET vote_count = vote_count - 1
  WHERE id = old.target_id AND old.target_kind = 'comment';
END;
--> statement-breakpoint
-- a topic counts its live replies and moves up on each new one
CREATE TRIGGER `discussion_comments_ai` AFTER INSERT ON `discussion_comments` BEGIN
  UPDATE discussion_topics SET comment_count = comment_count + 1, last_activity_at = new.created_at
  WHERE id = new.topic_id;
END;
--> statement-breakpoint
CREATE TRIGGER `discussion_comments_deleted_au` AFTER UPDATE OF `deleted_at` ON `discussion_comments`
WHEN old.deleted_at IS NULL AND new.deleted_at IS NOT NULL BEGIN
  UPDATE discussion_topics SET comment_count = comment_count - 1 WHERE id = new.topic_id;
END;
--> statement-breakpoint
-- a model counts its live, visible topics
CREATE TRIGGER `discussion_topics_count_ai` AFTER INSERT ON `discussion_topics` BEGIN
  UPDATE models SET discussion_count = discussion_count + 1 WHERE id = new.model_id;
END;
--> statement-breakpoint
CREATE TRIGGER `discussion_topics_count_au` AFTER UPDATE OF `deleted_at`, `is_hidden` ON `discussion_topics` BEGIN
  UPDATE models SET discussion_count = (
    SELECT count(*) FROM discussion_topics t
    WHERE t.model_id = new.model_id AND t.deleted_at IS NULL AND t.is_hidden = 0)
  WHERE id = new.model_id;
END;
