-- The catalog version (docs/ssr.md, "Edge cache"): every insert, update or delete on a table
-- whose rows the public pages (landing, search, model and owner pages) show moves it, whichever
-- write path made it (routes, TF Hub sync, seeding, other triggers). The edge cache of rendered
-- pages has it in its key, so a page drawn before a write is never served after it. Sessions,
-- tokens, uploads, usage counters and sync bookkeeping are not shown on those pages and move
-- nothing.
INSERT INTO `catalog_version` (`id`, `version`) VALUES (1, 0);
--> statement-breakpoint
CREATE TRIGGER `owners_catalog_ai` AFTER INSERT ON `owners` BEGIN
  UPDATE catalog_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `owners_catalog_au` AFTER UPDATE ON `owners` BEGIN
  UPDATE catalog_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `owners_catalog_ad` AFTER DELETE ON `owners` BEGIN
  UPDATE catalog_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `users_catalog_ai` AFTER INSERT ON `users` BEGIN
  UPDATE catalog_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `users_catalog_au` AFTER UPDATE ON `users` BEGIN
  UPDATE catalog_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `users_catalog_ad` AFTER DELETE ON `users` BEGIN
  UPDATE catalog_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `organization_members_catalog_ai` AFTER INSERT ON `organization_members` BEGIN
  UPDATE catalog_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `organization_members_catalog_au` AFTER UPDATE ON `organization_members` BEGIN
  UPDATE catalog_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `organization_members_catalog_ad` AFTER DELETE ON `organization_members` BEGIN
  UPDATE catalog_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `licenses_catalog_ai` AFTER INSERT ON `licenses` BEGIN
  UPDATE catalog_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `licenses_catalog_au` AFTER UPDATE ON `licenses` BEGIN
  UPDATE catalog_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `licenses_catalog_ad` AFTER DELETE ON `licenses` BEGIN
  UPDATE catalog_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `tags_catalog_ai` AFTER INSERT ON `tags` BEGIN
  UPDATE catalog_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `tags_catalog_au` AFTER UPDATE ON `tags` BEGIN
  UPDATE catalog_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `tags_catalog_ad` AFTER DELETE ON `tags` BEGIN
  UPDATE catalog_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `model_tags_catalog_ai` AFTER INSERT ON `model_tags` BEGIN
  UPDATE catalog_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `model_tags_catalog_au` AFTER UPDATE ON `model_tags` BEGIN
  UPDATE catalog_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `model_tags_catalog_ad` AFTER DELETE ON `model_tags` BEGIN
  UPDATE catalog_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `models_catalog_ai` AFTER INSERT ON `models` BEGIN
  UPDATE catalog_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `models_catalog_au` AFTER UPDATE ON `models` BEGIN
  UPDATE catalog_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `models_catalog_ad` AFTER DELETE ON `models` BEGIN
  UPDATE catalog_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `variations_catalog_ai` AFTER INSERT ON `variations` BEGIN
  UPDATE catalog_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `variations_catalog_au` AFTER UPDATE ON `variations` BEGIN
  UPDATE catalog_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `variations_catalog_ad` AFTER DELETE ON `variations` BEGIN
  UPDATE catalog_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `versions_catalog_ai` AFTER INSERT ON `versions` BEGIN
  UPDATE catalog_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `versions_catalog_au` AFTER UPDATE ON `versions` BEGIN
  UPDATE catalog_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `versions_catalog_ad` AFTER DELETE ON `versions` BEGIN
  UPDATE catalog_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `files_catalog_ai` AFTER INSERT ON `files` BEGIN
  UPDATE catalog_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `files_catalog_au` AFTER UPDATE ON `files` BEGIN
  UPDATE catalog_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `files_catalog_ad` AFTER DELETE ON `files` BEGIN
  UPDATE catalog_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `votes_catalog_ai` AFTER INSERT ON `votes` BEGIN
  UPDATE catalog_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `votes_catalog_au` AFTER UPDATE ON `votes` BEGIN
  UPDATE catalog_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `votes_catalog_ad` AFTER DELETE ON `votes` BEGIN
  UPDATE catalog_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `discussion_topics_catalog_ai` AFTER INSERT ON `discussion_topics` BEGIN
  UPDATE catalog_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `discussion_topics_catalog_au` AFTER UPDATE ON `discussion_topics` BEGIN
  UPDATE catalog_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `discussion_topics_catalog_ad` AFTER DELETE ON `discussion_topics` BEGIN
  UPDATE catalog_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `discussion_comments_catalog_ai` AFTER INSERT ON `discussion_comments` BEGIN
  UPDATE catalog_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `discussion_comments_catalog_au` AFTER UPDATE ON `discussion_comments` BEGIN
  UPDATE catalog_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `discussion_comments_catalog_ad` AFTER DELETE ON `discussion_comments` BEGIN
  UPDATE catalog_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `notebooks_catalog_ai` AFTER INSERT ON `notebooks` BEGIN
  UPDATE catalog_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `notebooks_catalog_au` AFTER UPDATE ON `notebooks` BEGIN
  UPDATE catalog_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `notebooks_catalog_ad` AFTER DELETE ON `notebooks` BEGIN
  UPDATE catalog_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `hosted_notebooks_catalog_ai` AFTER INSERT ON `hosted_notebooks` BEGIN
  UPDATE catalog_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `hosted_notebooks_catalog_au` AFTER UPDATE ON `hosted_notebooks` BEGIN
  UPDATE catalog_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `hosted_notebooks_catalog_ad` AFTER DELETE ON `hosted_notebooks` BEGIN
  UPDATE catalog_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `notebook_inputs_catalog_ai` AFTER INSERT ON `notebook_inputs` BEGIN
  UPDATE catalog_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `notebook_inputs_catalog_au` AFTER UPDATE ON `notebook_inputs` BEGIN
  UPDATE catalog_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `notebook_inputs_catalog_ad` AFTER DELETE ON `notebook_inputs` BEGIN
  UPDATE catalog_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `notebook_votes_catalog_ai` AFTER INSERT ON `notebook_votes` BEGIN
  UPDATE catalog_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `notebook_votes_catalog_au` AFTER UPDATE ON `notebook_votes` BEGIN
  UPDATE catalog_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `notebook_votes_catalog_ad` AFTER DELETE ON `notebook_votes` BEGIN
  UPDATE catalog_version SET version = version + 1 WHERE id = 1;
END;
