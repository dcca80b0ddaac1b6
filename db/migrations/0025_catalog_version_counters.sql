-- Counters no longer move the catalog version (docs/ssr.md, "Edge cache"). A counted download
-- updated models.download_count and a vote models.vote_count, so on a busy hub the version moved
-- all the time and the page cache mostly missed. The update triggers of the tables that carry
-- counters now fire only on their content columns (the lists in db/catalog-columns.ts, which
-- test/worker/page-cache.test.ts holds against this and PRAGMA table_info), and the vote tables,
-- which the pages show only as counts, move nothing. A cached page's counts are then at most the
-- cache's freshness window old (60 s, then up to 10 min while it is drawn again).
DROP TRIGGER `models_catalog_au`;
--> statement-breakpoint
CREATE TRIGGER `models_catalog_au` AFTER UPDATE OF `id`, `owner_id`, `slug`, `title`, `subtitle`,
  `card_md`, `license_id`, `license_source`, `fine_tunable`, `is_private`, `is_listed`,
  `provenance`, `source_handle`, `source_url`, `latest_size_bytes`, `source_hash`, `created_at`,
  `updated_at`, `published_at` ON `models` BEGIN
  UPDATE catalog_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
DROP TRIGGER `discussion_topics_catalog_au`;
--> statement-breakpoint
CREATE TRIGGER `discussion_topics_catalog_au` AFTER UPDATE OF `id`, `model_id`, `author_id`,
  `title`, `body_md`, `is_pinned`, `is_locked`, `is_hidden`, `created_at`, `updated_at`,
  `edited_at`, `deleted_at` ON `discussion_topics` BEGIN
  UPDATE catalog_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
DROP TRIGGER `discussion_comments_catalog_au`;
--> statement-breakpoint
CREATE TRIGGER `discussion_comments_catalog_au` AFTER UPDATE OF `id`, `topic_id`, `author_id`,
  `body_md`, `is_hidden`, `created_at`, `updated_at`, `edited_at`, `deleted_at`
  ON `discussion_comments` BEGIN
  UPDATE catalog_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
DROP TRIGGER `hosted_notebooks_catalog_au`;
--> statement-breakpoint
CREATE TRIGGER `hosted_notebooks_catalog_au` AFTER UPDATE OF `id`, `owner_id`, `author_id`, `slug`,
  `title`, `language`, `is_private`, `forked_from_id`, `latest_version`, `created_at`, `updated_at`
  ON `hosted_notebooks` BEGIN
  UPDATE catalog_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
DROP TRIGGER `votes_catalog_ai`;
--> statement-breakpoint
DROP TRIGGER `votes_catalog_au`;
--> statement-breakpoint
DROP TRIGGER `votes_catalog_ad`;
--> statement-breakpoint
DROP TRIGGER `notebook_votes_catalog_ai`;
--> statement-breakpoint
DROP TRIGGER `notebook_votes_catalog_au`;
--> statement-breakpoint
DROP TRIGGER `notebook_votes_catalog_ad`;
