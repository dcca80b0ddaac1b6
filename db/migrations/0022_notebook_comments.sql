CREATE TABLE `notebook_comments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`notebook_id` integer NOT NULL,
	`parent_id` integer,
	`author_id` integer NOT NULL,
	`body_md` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`edited_at` integer,
	`deleted_at` integer,
	FOREIGN KEY (`notebook_id`) REFERENCES `hosted_notebooks`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`parent_id`) REFERENCES `notebook_comments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `notebook_comments_thread_idx` ON `notebook_comments` (`notebook_id`,`parent_id`,`id`);--> statement-breakpoint
CREATE INDEX `notebook_comments_author_idx` ON `notebook_comments` (`author_id`);