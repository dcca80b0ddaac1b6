ALTER TABLE `notebook_comments` ADD `vote_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `notebook_comments` ADD `is_hidden` integer DEFAULT false NOT NULL;