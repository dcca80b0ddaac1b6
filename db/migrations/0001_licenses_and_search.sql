-- The fixed licence list (Kaggle's names, SPDX ids) with the rights each one grants.
INSERT INTO `licenses` (`id`, `name`, `spdx`, `url`, `commercial_use`, `modification`, `distribution`, `attribution_required`, `share_alike`, `patent_grant`) VALUES
  ('apache-2.0', 'Apache 2.0', 'Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0', 1, 1, 1, 1, 0, 1),
  ('mit', 'MIT', 'MIT', 'https://opensource.org/license/mit', 1, 1, 1, 1, 0, 0),
  ('cc0-1.0', 'CC0: Public Domain', 'CC0-1.0', 'https://creativecommons.org/publicdomain/zero/1.0/', 1, 1, 1, 0, 0, 0),
  ('cc-by-4.0', 'CC BY 4.0', 'CC-BY-4.0', 'https://creativecommons.org/licenses/by/4.0/', 1, 1, 1, 1, 0, 0),
  ('cc-by-sa-4.0', 'CC BY-SA 4.0', 'CC-BY-SA-4.0', 'https://creativecommons.org/licenses/by-sa/4.0/', 1, 1, 1, 1, 1, 0),
  ('cc-by-nc-4.0', 'CC BY-NC 4.0', 'CC-BY-NC-4.0', 'https://creativecommons.org/licenses/by-nc/4.0/', 0, 1, 1, 1, 0, 0),
  ('cc-by-nc-sa-4.0', 'CC BY-NC-SA 4.0', 'CC-BY-NC-SA-4.0', 'https://creativecommons.org/licenses/by-nc-sa/4.0/', 0, 1, 1, 1, 1, 0),
  ('bsd-2-clause', 'BSD-2-Clause', 'BSD-2-Clause', 'https://opensource.org/license/bsd-2-clause', 1, 1, 1, 1, 0, 0),
  ('bsd-3-clause', 'BSD-3-Clause', 'BSD-3-Clause', 'https://opensource.org/license/bsd-3-clause', 1, 1, 1, 1, 0, 0),
  ('gpl-2.0', 'GPL 2', 'GPL-2.0-only', 'https://www.gnu.org/licenses/old-licenses/gpl-2.0.html', 1, 1, 1, 1, 1, 0),
  ('gpl-3.0', 'GPL 3', 'GPL-3.0-only', 'https://www.gnu.org/licenses/gpl-3.0.html', 1, 1, 1, 1, 1, 1),
  ('lgpl-3.0', 'LGPL 3', 'LGPL-3.0-only', 'https://www.gnu.org/licenses/lgpl-3.0.html', 1, 1, 1, 1, 1, 1),
  ('mpl-2.0', 'MPL 2.0', 'MPL-2.0', 'https://www.mozilla.org/en-US/MPL/2.0/', 1, 1, 1, 1, 1, 1),
  ('other', 'Other', NULL, NULL, 0, 0, 0, 1, 0, 0);
--> statement-breakpoint
-- Full-text index of listed models, one row per model (rowid = models.id). Contentless: the text
-- lives in the catalog tables; db/queries/search-index.ts rewrites a model's row whenever the
-- model, its tags or its variations change.
CREATE VIRTUAL TABLE `models_fts` USING fts5(
  title, subtitle, owner, tags, variations, card,
  content='', contentless_delete=1, tokenize='porter unicode61 remove_diacritics 2', prefix='2 3'
);
