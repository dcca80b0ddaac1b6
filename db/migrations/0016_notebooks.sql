CREATE TABLE `hosted_notebooks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`owner_id` integer NOT NULL,
	`author_id` integer,
	`slug` text NOT NULL,
	`title` text NOT NULL,
	`language` text NOT NULL,
	`is_private` integer DEFAULT false NOT NULL,
	`forked_from_id` integer,
	`fork_count` integer DEFAULT 0 NOT NULL,
	`vote_count` integer DEFAULT 0 NOT NULL,
	`latest_version` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `owners`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`forked_from_id`) REFERENCES `hosted_notebooks`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `hosted_notebooks_owner_slug_idx` ON `hosted_notebooks` (`owner_id`,`slug`);--> statement-breakpoint
CREATE INDEX `hosted_notebooks_forked_from_idx` ON `hosted_notebooks` (`forked_from_id`);--> statement-breakpoint
CREATE TABLE `notebook_inputs` (
	`notebook_id` integer NOT NULL,
	`variation_id` integer NOT NULL,
	`model_id` integer NOT NULL,
	`version_number` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`notebook_id`, `variation_id`),
	FOREIGN KEY (`notebook_id`) REFERENCES `hosted_notebooks`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`variation_id`) REFERENCES `variations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`model_id`) REFERENCES `models`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `notebook_inputs_model_idx` ON `notebook_inputs` (`model_id`,`notebook_id`);--> statement-breakpoint
CREATE TABLE `notebook_versions` (
	`notebook_id` integer NOT NULL,
	`number` integer NOT NULL,
	`r2_key` text NOT NULL,
	`size_bytes` integer NOT NULL,
	`cell_count` integer NOT NULL,
	`sha256` text NOT NULL,
	`author_id` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`notebook_id`, `number`),
	FOREIGN KEY (`notebook_id`) REFERENCES `hosted_notebooks`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `notebook_votes` (
	`user_id` integer NOT NULL,
	`notebook_id` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`user_id`, `notebook_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`notebook_id`) REFERENCES `hosted_notebooks`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `notebook_votes_notebook_idx` ON `notebook_votes` (`notebook_id`);