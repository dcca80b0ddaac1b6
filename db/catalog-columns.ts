/**
 * The catalog tables whose update trigger moves the catalog version for some columns only
 * (migration 0025, docs/ssr.md "Edge cache"). `content` columns move it: the trigger is
 * `AFTER UPDATE OF` exactly these. `counters` are tallies and scores that downloads, votes and
 * replies keep through triggers; a page may show them up to the cache's freshness window late.
 * Every column of each table is in one list: `test/worker/page-cache.test.ts` compares them with
 * `PRAGMA table_info` and with the triggers, so a new column fails it until it is placed here
 * (and, if content, the trigger is recreated with it).
 */
export const catalogUpdateColumns = {
  models: {
    content: [
      'id',
      'owner_id',
      'slug',
      'title',
      'subtitle',
      'card_md',
      'license_id',
      'license_source',
      'fine_tunable',
      'is_private',
      'is_listed',
      'provenance',
      'source_handle',
      'source_url',
      'latest_size_bytes',
      'source_hash',
      'created_at',
      'updated_at',
      'published_at',
    ],
    // doc_score: derived from the card, licence and size, which are content; the search
    // reindex rewrites it with hotness after an un-vote, unchanged
    counters: [
      'vote_count',
      'download_count',
      'notebook_count',
      'discussion_count',
      'hotness',
      'doc_score',
    ],
  },
  discussion_topics: {
    content: [
      'id',
      'model_id',
      'author_id',
      'title',
      'body_md',
      'is_pinned',
      'is_locked',
      'is_hidden',
      'created_at',
      'updated_at',
      'edited_at',
      'deleted_at',
    ],
    // comment_count and last_activity_at move with a reply, whose own row moves the version
    counters: ['comment_count', 'vote_count', 'last_activity_at'],
  },
  discussion_comments: {
    content: [
      'id',
      'topic_id',
      'author_id',
      'body_md',
      'is_hidden',
      'created_at',
      'updated_at',
      'edited_at',
      'deleted_at',
    ],
    counters: ['vote_count'],
  },
  hosted_notebooks: {
    content: [
      'id',
      'owner_id',
      'author_id',
      'slug',
      'title',
      'language',
      'is_private',
      'forked_from_id',
      'latest_version',
      'created_at',
      'updated_at',
    ],
    // fork_count moves with a fork, whose own row moves the version
    counters: ['fork_count', 'vote_count'],
  },
} as const satisfies Record<string, { content: readonly string[]; counters: readonly string[] }>

/** Catalog tables that move nothing at all: pages show only the counts their triggers keep. */
export const uncountedCatalogTables = ['votes', 'notebook_votes'] as const
