-- Search support kept in step with the catalog by triggers (docs/search.md).
--
-- model_facets: one row per (facet value, listed public model), e.g. ('framework:tfJs', 42),
-- ('task:image-classification', 42), ('rights:commercial-use', 42). Filters are lookups in its
-- primary key; facet counts read it by model. WITHOUT ROWID, which drizzle cannot declare, so it
-- lives here beside the FTS table it is derived with.
CREATE TABLE `model_facets` (
  `facet` text NOT NULL,
  `model_id` integer NOT NULL,
  PRIMARY KEY (`facet`, `model_id`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `model_facets_model_idx` ON `model_facets` (`model_id`, `facet`);
--> statement-breakpoint
-- How many listed models carry each facet value: the sidebar of an unfiltered listing and the
-- total of a single-value filter, without counting 100,000 rows.
CREATE TABLE `facet_counts` (
  `facet` text PRIMARY KEY NOT NULL,
  `n` integer NOT NULL
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TRIGGER `model_facets_ai` AFTER INSERT ON `model_facets` BEGIN
  -- not INSERT OR IGNORE: an outer statement's conflict clause would override it
  INSERT INTO facet_counts (facet, n) SELECT new.facet, 0 WHERE NOT EXISTS (SELECT 1 FROM facet_counts WHERE facet = new.facet);
  UPDATE facet_counts SET n = n + 1 WHERE facet = new.facet;
END;
--> statement-breakpoint
CREATE TRIGGER `model_facets_ad` AFTER DELETE ON `model_facets` BEGIN
  UPDATE facet_counts SET n = n - 1 WHERE facet = old.facet;
END;
--> statement-breakpoint
-- Inserting a model id here rewrites what search knows about that model (with text = 0, all but
-- its full-text row), then the row is gone again. The catalog triggers below funnel into it, so
-- the rewrite is written once.
CREATE TABLE `search_reindex` (`model_id` integer NOT NULL, `text` integer NOT NULL DEFAULT 1);
--> statement-breakpoint
CREATE TRIGGER `search_reindex_ai` AFTER INSERT ON `search_reindex` BEGIN
  -- hotness: log2 of activity decayed with a 7-day half-life, measured in half-lives since
  -- 2024-01-01 (docs/search.md). Publishing counts 10, a download 1, a vote 5.
  UPDATE models SET
    doc_score = (length(trim(card_md)) > 0) + (license_id IS NOT NULL) + (coalesce(latest_size_bytes, 0) > 0),
    hotness = log2(
      10 * pow(2, (coalesce(published_at, created_at) - 1704067200000) / 604800000.0)
      + coalesce((SELECT sum(u.downloads * pow(2, (unixepoch(u.day) * 1000 - 1704067200000) / 604800000.0))
                  FROM usage_daily u WHERE u.model_id = models.id), 0)
      + coalesce((SELECT sum(5 * pow(2, (v.created_at - 1704067200000) / 604800000.0))
                  FROM votes v WHERE v.model_id = models.id), 0))
  WHERE id = new.model_id;
  DELETE FROM models_fts WHERE rowid = new.model_id AND new.text = 1;
  INSERT INTO models_fts (rowid, title, subtitle, owner, tags, variations, card)
    SELECT m.id, m.title || ' ' || m.slug, m.subtitle, o.slug || ' ' || o.display_name,
      coalesce((SELECT group_concat(t.name || ' ' || t.slug, ' ')
                FROM model_tags mt JOIN tags t ON t.id = mt.tag_id WHERE mt.model_id = m.id), ''),
      coalesce((SELECT group_concat(v.framework || ' ' || v.slug, ' ')
                FROM variations v WHERE v.model_id = m.id AND v.is_listed = 1), ''),
      m.card_md
    FROM models m JOIN owners o ON o.id = m.owner_id
    WHERE m.id = new.model_id AND m.is_listed = 1 AND m.is_private = 0 AND new.text = 1;
  DELETE FROM model_facets WHERE model_id = new.model_id;
  -- one statement per source: D1 allows few terms in a compound SELECT
  INSERT INTO model_facets (facet, model_id)
    SELECT 'owner:' || o.slug, m.id FROM models m JOIN owners o ON o.id = m.owner_id
    WHERE m.id = new.model_id AND m.is_listed = 1 AND m.is_private = 0;
  INSERT INTO model_facets (facet, model_id)
    SELECT 'provenance:' || m.provenance, m.id FROM models m
    WHERE m.id = new.model_id AND m.is_listed = 1 AND m.is_private = 0;
  INSERT INTO model_facets (facet, model_id)
    SELECT 'license:' || m.license_id, m.id FROM models m
    WHERE m.id = new.model_id AND m.is_listed = 1 AND m.is_private = 0 AND m.license_id IS NOT NULL;
  INSERT INTO model_facets (facet, model_id)
    SELECT 'rights:' || r.value, m.id FROM models m JOIN licenses l ON l.id = m.license_id
      JOIN json_each(json_array(
        iif(l.commercial_use, 'commercial-use', NULL), iif(l.modification, 'modification', NULL),
        iif(l.distribution, 'distribution', NULL), iif(l.patent_grant, 'patent-grant', NULL),
        iif(l.attribution_required, NULL, 'no-attribution'), iif(l.share_alike, NULL, 'no-share-alike'))) r
    WHERE m.id = new.model_id AND m.is_listed = 1 AND m.is_private = 0 AND r.value IS NOT NULL;
  INSERT INTO model_facets (facet, model_id)
    SELECT 'fineTunable:' || iif(m.fine_tunable, 'true', 'false'), m.id FROM models m
    WHERE m.id = new.model_id AND m.is_listed = 1 AND m.is_private = 0 AND m.fine_tunable IS NOT NULL;
  INSERT INTO model_facets (facet, model_id)
    SELECT 'size:' || CASE
        WHEN coalesce(m.latest_size_bytes, 0) = 0 THEN 'unknown'
        WHEN m.latest_size_bytes < 100000000 THEN 'under-100mb'
        WHEN m.latest_size_bytes < 1000000000 THEN '100mb-1gb'
        WHEN m.latest_size_bytes < 10000000000 THEN '1gb-10gb'
        ELSE 'over-10gb' END, m.id FROM models m
    WHERE m.id = new.model_id AND m.is_listed = 1 AND m.is_private = 0;
  INSERT INTO model_facets (facet, model_id)
    SELECT 'documented:true', m.id FROM models m
    WHERE m.id = new.model_id AND m.is_listed = 1 AND m.is_private = 0 AND m.doc_score = 3;
  INSERT INTO model_facets (facet, model_id)
    SELECT DISTINCT 'framework:' || v.framework, m.id FROM models m JOIN variations v ON v.model_id = m.id
    WHERE m.id = new.model_id AND m.is_listed = 1 AND m.is_private = 0 AND v.is_listed = 1;
  INSERT INTO model_facets (facet, model_id)
    SELECT DISTINCT iif(t.type = 'data_type', 'dataType', t.type) || ':' || t.slug, m.id FROM models m
      JOIN model_tags mt ON mt.model_id = m.id JOIN tags t ON t.id = mt.tag_id
    WHERE m.id = new.model_id AND m.is_listed = 1 AND m.is_private = 0;
  DELETE FROM search_reindex WHERE model_id = new.model_id;
END;
--> statement-breakpoint
-- A new model's text row is written by reindexModels(), which every writer of models calls once
-- its tags and variations are in: tokenizing the card twice per model doubled an import's time.
CREATE TRIGGER `models_search_ai` AFTER INSERT ON `models` BEGIN
  INSERT INTO search_reindex (model_id, text) VALUES (new.id, 0);
END;
--> statement-breakpoint
-- not on counters: a download must not rewrite the text index
CREATE TRIGGER `models_search_au` AFTER UPDATE OF owner_id, slug, title, subtitle, card_md, is_private,
  is_listed ON `models` BEGIN
  INSERT INTO search_reindex (model_id, text) VALUES (new.id, 1);
END;
--> statement-breakpoint
CREATE TRIGGER `models_facets_au` AFTER UPDATE OF license_id, fine_tunable, provenance, latest_size_bytes,
  published_at ON `models` BEGIN
  INSERT INTO search_reindex (model_id, text) VALUES (new.id, 0);
END;
--> statement-breakpoint
CREATE TRIGGER `models_search_ad` AFTER DELETE ON `models` BEGIN
  INSERT INTO search_reindex (model_id) VALUES (old.id);
END;
--> statement-breakpoint
-- Tags and variations arrive one row at a time (five tags per model in an import): their
-- triggers keep only the facet rows exact, which is cheap. The words they add to the text index
-- are refreshed by reindexModels(), which every writer of tags or variations calls once at the
-- end, instead of re-tokenizing the whole card for each row.
CREATE TRIGGER `model_tags_search_ai` AFTER INSERT ON `model_tags` BEGIN
  INSERT INTO model_facets (facet, model_id)
    SELECT f.facet, new.model_id FROM (
      SELECT iif(t.type = 'data_type', 'dataType', t.type) || ':' || t.slug AS facet FROM models m JOIN tags t ON t.id = new.tag_id
      WHERE m.id = new.model_id AND m.is_listed = 1 AND m.is_private = 0) f
    WHERE NOT EXISTS (SELECT 1 FROM model_facets WHERE facet = f.facet AND model_id = new.model_id);
END;
--> statement-breakpoint
CREATE TRIGGER `model_tags_search_ad` AFTER DELETE ON `model_tags` BEGIN
  DELETE FROM model_facets WHERE model_id = old.model_id
    AND facet = (SELECT iif(t.type = 'data_type', 'dataType', t.type) || ':' || t.slug FROM tags t WHERE t.id = old.tag_id);
END;
--> statement-breakpoint
CREATE TRIGGER `variations_search_ai` AFTER INSERT ON `variations` BEGIN
  DELETE FROM model_facets WHERE model_id = new.model_id AND facet >= 'framework:' AND facet < 'framework;';
  INSERT INTO model_facets (facet, model_id)
    SELECT DISTINCT 'framework:' || v.framework, m.id FROM models m JOIN variations v ON v.model_id = m.id
    WHERE m.id = new.model_id AND m.is_listed = 1 AND m.is_private = 0 AND v.is_listed = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `variations_search_au` AFTER UPDATE OF framework, is_listed ON `variations` BEGIN
  DELETE FROM model_facets WHERE model_id = new.model_id AND facet >= 'framework:' AND facet < 'framework;';
  INSERT INTO model_facets (facet, model_id)
    SELECT DISTINCT 'framework:' || v.framework, m.id FROM models m JOIN variations v ON v.model_id = m.id
    WHERE m.id = new.model_id AND m.is_listed = 1 AND m.is_private = 0 AND v.is_listed = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `variations_search_ad` AFTER DELETE ON `variations` BEGIN
  DELETE FROM model_facets WHERE model_id = old.model_id AND facet >= 'framework:' AND facet < 'framework;';
  INSERT INTO model_facets (facet, model_id)
    SELECT DISTINCT 'framework:' || v.framework, m.id FROM models m JOIN variations v ON v.model_id = m.id
    WHERE m.id = old.model_id AND m.is_listed = 1 AND m.is_private = 0 AND v.is_listed = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `owners_search_au` AFTER UPDATE OF slug, display_name ON `owners` BEGIN
  INSERT INTO search_reindex (model_id) SELECT id FROM models WHERE owner_id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `tags_search_au` AFTER UPDATE OF type, slug, name ON `tags` BEGIN
  INSERT INTO search_reindex (model_id) SELECT model_id FROM model_tags WHERE tag_id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `licenses_search_au` AFTER UPDATE ON `licenses` BEGIN
  INSERT INTO search_reindex (model_id) SELECT id FROM models WHERE license_id = new.id;
END;
--> statement-breakpoint
-- a vote adds its decayed weight; taking one back recomputes the sum
CREATE TRIGGER `votes_hotness_ai` AFTER INSERT ON `votes` BEGIN
  UPDATE models SET hotness = log2(pow(2, hotness) + 5 * pow(2, (new.created_at - 1704067200000) / 604800000.0))
  WHERE id = new.model_id;
END;
--> statement-breakpoint
CREATE TRIGGER `votes_hotness_ad` AFTER DELETE ON `votes` BEGIN
  INSERT INTO search_reindex (model_id) VALUES (old.model_id);
END;
--> statement-breakpoint
INSERT INTO search_reindex (model_id) SELECT id FROM models;
