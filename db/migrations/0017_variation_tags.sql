-- A TF Hub variation keeps its own tags (docs/tfhub.md, "Families"): its newest page's, as JSON.
ALTER TABLE `variations` ADD `tags_json` text DEFAULT '[]' NOT NULL;