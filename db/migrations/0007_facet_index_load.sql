-- The facet index (db/queries/facet-index.ts) loads every listed model's size and doc score: from
-- the table that reads past each model card (2.5 s at 100,000 models), from this index ~30 ms.
CREATE INDEX `models_public_docs_idx` ON `models` (`id`,`latest_size_bytes`,`doc_score`) WHERE is_listed = 1 and is_private = 0;