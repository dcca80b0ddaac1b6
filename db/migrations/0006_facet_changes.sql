-- Every insert and delete of a model_facets row, in order. A Worker keeps model_facets in memory
-- (db/queries/facet-index.ts) to count facets and filter without reading 100,000 rows per
-- request; each request reads only the changes after the last one it has applied. `salt` tells
-- a log that was rolled back and rewritten (same seq, another row) from the one the Worker saw.
-- AUTOINCREMENT: seq never goes back, also after old rows are pruned.
CREATE TABLE `facet_changes` (
  `seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
  `model_id` integer NOT NULL,
  `salt` integer NOT NULL DEFAULT (random())
);
--> statement-breakpoint
CREATE TRIGGER `model_facets_log_ai` AFTER INSERT ON `model_facets` BEGIN
  INSERT INTO facet_changes (model_id) VALUES (new.model_id);
END;
--> statement-breakpoint
CREATE TRIGGER `model_facets_log_ad` AFTER DELETE ON `model_facets` BEGIN
  INSERT INTO facet_changes (model_id) VALUES (old.model_id);
END;
--> statement-breakpoint
-- relevance ranks the model named exactly like the search first, whoever owns it
CREATE INDEX `models_slug_idx` ON `models` (`slug`);
