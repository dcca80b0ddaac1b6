import { sql } from 'drizzle-orm'
import {
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
  type AnySQLiteColumn,
} from 'drizzle-orm/sqlite-core'
import { provenances, tagTypes } from '../worker/vocabulary'

const createdAt = () =>
  integer('created_at', { mode: 'timestamp_ms' })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`)
const updatedAt = () =>
  integer('updated_at', { mode: 'timestamp_ms' })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`)

// ---- people -------------------------------------------------------------------------------

/** Users and organizations share one namespace of slugs, as on Kaggle. */
export const owners = sqliteTable('owners', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  slug: text('slug').notNull().unique(),
  kind: text('kind', { enum: ['user', 'organization'] }).notNull(),
  displayName: text('display_name').notNull(),
  avatarUrl: text('avatar_url'),
  aboutMd: text('about_md').notNull().default(''),
  websiteUrl: text('website_url'),
  // 'tfhub' owners are imported publishers and cannot be claimed as accounts
  source: text('source', { enum: ['tfhub', 'local'] }).notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
})

export const users = sqliteTable('users', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  ownerId: integer('owner_id')
    .notNull()
    .unique()
    .references(() => owners.id),
  email: text('email').notNull().unique(),
  passwordHash: text('password_hash'),
  isAdmin: integer('is_admin', { mode: 'boolean' }).notNull().default(false),
  createdAt: createdAt(),
  lastSeenAt: integer('last_seen_at', { mode: 'timestamp_ms' }),
  // a deleted account is a tombstone: its posts stay and show "deleted user" (docs/community.md)
  deletedAt: integer('deleted_at', { mode: 'timestamp_ms' }),
})

/** Accounts signed in through an OpenID Connect issuer: one user per (issuer, subject). */
export const oidcIdentities = sqliteTable(
  'oidc_identities',
  {
    issuer: text('issuer').notNull(),
    subject: text('subject').notNull(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.issuer, t.subject] }),
    index('oidc_identities_user_idx').on(t.userId),
  ],
)

/** OIDC sign-ins in flight: keyed by the SHA-256 of their state, used once, short-lived. */
export const oidcLogins = sqliteTable('oidc_logins', {
  stateHash: text('state_hash').primaryKey(),
  codeVerifier: text('code_verifier').notNull(),
  nonce: text('nonce').notNull(),
  returnTo: text('return_to').notNull(),
  expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
})

/** Sign-in attempts per key (an account or an IP, hashed) in fixed windows, for the rate limit. */
export const authAttempts = sqliteTable('auth_attempts', {
  key: text('key').primaryKey(),
  windowStart: integer('window_start').notNull(),
  count: integer('count').notNull(),
})

/** Users who may act for an organization (worker/accounts/permissions.ts, the 'owner' rule). */
export const organizationMembers = sqliteTable(
  'organization_members',
  {
    organizationId: integer('organization_id')
      .notNull()
      .references(() => owners.id),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    role: text('role', { enum: ['owner', 'member'] }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.userId] }),
    index('organization_members_user_idx').on(t.userId),
  ],
)

/** Sign-in sessions: the cookie token is stored only as its SHA-256 (worker/accounts/session.ts). */
export const sessions = sqliteTable(
  'sessions',
  {
    // not secret: names the session in the account's list and in DELETE /account/sessions/:id
    id: text('id').primaryKey(),
    // sha256 of the cookie value: a stolen database does not yield live sessions
    tokenHash: text('token_hash').notNull().unique(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    // a short summary ("Chrome on Linux"), never the whole header
    userAgent: text('user_agent').notNull().default(''),
    createdAt: createdAt(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    lastSeenAt: integer('last_seen_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
)

/** API credentials for Kaggle's clients: legacy kaggle.json keys and access tokens, stored hashed. */
export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    // 'legacy': the kaggle.json key (one per user, HTTP Basic); 'access': a named Bearer token
    kind: text('kind', { enum: ['legacy', 'access'] })
      .notNull()
      .default('access'),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    // first characters of the token, shown in settings so users can tell tokens apart
    prefix: text('prefix').notNull(),
    scopes: text('scopes').notNull().default('read,write'),
    createdAt: createdAt(),
    lastUsedAt: integer('last_used_at', { mode: 'timestamp_ms' }),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }),
    revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('api_tokens_user_idx').on(t.userId)],
)

// ---- licences and tags --------------------------------------------------------------------

export const licenses = sqliteTable('licenses', {
  // stable id, e.g. 'apache-2.0'
  id: text('id').primaryKey(),
  // Kaggle's display name, e.g. 'Apache 2.0'
  name: text('name').notNull(),
  spdx: text('spdx'),
  url: text('url'),
  commercialUse: integer('commercial_use', { mode: 'boolean' }).notNull(),
  modification: integer('modification', { mode: 'boolean' }).notNull(),
  distribution: integer('distribution', { mode: 'boolean' }).notNull(),
  attributionRequired: integer('attribution_required', { mode: 'boolean' }).notNull(),
  shareAlike: integer('share_alike', { mode: 'boolean' }).notNull(),
  patentGrant: integer('patent_grant', { mode: 'boolean' }).notNull(),
})

export const tags = sqliteTable(
  'tags',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    type: text('type', { enum: tagTypes }).notNull(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
  },
  (t) => [uniqueIndex('tags_type_slug_idx').on(t.type, t.slug)],
)

export const modelTags = sqliteTable(
  'model_tags',
  {
    modelId: integer('model_id')
      .notNull()
      .references(() => models.id),
    tagId: integer('tag_id')
      .notNull()
      .references(() => tags.id),
  },
  (t) => [
    primaryKey({ columns: [t.modelId, t.tagId] }),
    index('model_tags_tag_idx').on(t.tagId, t.modelId),
  ],
)

// ---- catalog ------------------------------------------------------------------------------

export const models = sqliteTable(
  'models',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    ownerId: integer('owner_id')
      .notNull()
      .references(() => owners.id),
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    subtitle: text('subtitle').notNull().default(''),
    cardMd: text('card_md').notNull().default(''),
    licenseId: text('license_id').references(() => licenses.id),
    // how the licence was decided: stated by the author, or TF Hub's documented default
    licenseSource: text('license_source', { enum: ['explicit', 'tfhub-default'] })
      .notNull()
      .default('explicit'),
    fineTunable: integer('fine_tunable', { mode: 'boolean' }),
    isPrivate: integer('is_private', { mode: 'boolean' }).notNull().default(false),
    // unlisted models keep their rows (votes, discussions, counts) but are not served
    isListed: integer('is_listed', { mode: 'boolean' }).notNull().default(true),
    provenance: text('provenance', { enum: provenances }).notNull(),
    sourceHandle: text('source_handle'),
    sourceUrl: text('source_url'),
    voteCount: integer('vote_count').notNull().default(0),
    downloadCount: integer('download_count').notNull().default(0),
    notebookCount: integer('notebook_count').notNull().default(0),
    discussionCount: integer('discussion_count').notNull().default(0),
    hotness: real('hotness').notNull().default(0),
    // bytes of the latest version of the model's largest variation, for the size filter
    latestSizeBytes: integer('latest_size_bytes'),
    // 0-3: card present, licence set, files present; a relevance boost, kept by the search triggers
    docScore: integer('doc_score').notNull().default(0),
    // hash of the imported fields: a sync rewrites the row only when it changed
    sourceHash: text('source_hash'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    publishedAt: integer('published_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    uniqueIndex('models_owner_slug_idx').on(t.ownerId, t.slug),
    // a TF Hub family is keyed by owner and slug; its main member's handle is provenance only
    index('models_source_handle_idx').on(t.sourceHandle),
    // relevance ranks the model named exactly like the search first, whoever owns it
    index('models_slug_idx').on(t.slug),
    index('models_public_hotness_idx')
      .on(t.hotness, t.id)
      .where(sql`is_listed = 1 and is_private = 0`),
    index('models_public_downloads_idx')
      .on(t.downloadCount, t.id)
      .where(sql`is_listed = 1 and is_private = 0`),
    index('models_public_votes_idx')
      .on(t.voteCount, t.id)
      .where(sql`is_listed = 1 and is_private = 0`),
    index('models_public_notebooks_idx')
      .on(t.notebookCount, t.id)
      .where(sql`is_listed = 1 and is_private = 0`),
    index('models_public_published_idx')
      .on(t.publishedAt, t.id)
      .where(sql`is_listed = 1 and is_private = 0`),
    index('models_public_created_idx')
      .on(t.createdAt, t.id)
      .where(sql`is_listed = 1 and is_private = 0`),
    index('models_public_updated_idx')
      .on(t.updatedAt, t.id)
      .where(sql`is_listed = 1 and is_private = 0`),
    index('models_public_size_idx')
      .on(t.latestSizeBytes, t.id)
      .where(sql`is_listed = 1 and is_private = 0`),
    // the facet index's load reads every listed model's size and doc score: from the table that
    // means reading past each model card (2.5 s at 100,000 models), from this index 30 ms
    index('models_public_docs_idx')
      .on(t.id, t.latestSizeBytes, t.docScore)
      .where(sql`is_listed = 1 and is_private = 0`),
    // a page of a few thousand matches reads each one's sort value by id: from the table that
    // means reading past each model card, from this index a lookup
    index('models_public_sort_values_idx')
      .on(
        t.id,
        t.hotness,
        t.downloadCount,
        t.voteCount,
        t.notebookCount,
        t.publishedAt,
        t.createdAt,
        t.updatedAt,
      )
      .where(sql`is_listed = 1 and is_private = 0`),
  ],
)

/**
 * Handles Modelport once served that now live elsewhere (docs/tfhub.md, "Old handles"): a TF Hub
 * handle merged into its family. `old_path` is `owner/model`, `owner/model/framework/variation` or
 * that with `/number`, lower-cased; GETs of it answer a permanent redirect to the row it points at.
 */
export const handleAliases = sqliteTable(
  'handle_aliases',
  {
    oldPath: text('old_path').primaryKey(),
    modelId: integer('model_id')
      .notNull()
      .references(() => models.id),
    variationId: integer('variation_id').references(() => variations.id),
    versionId: integer('version_id').references(() => versions.id),
    createdAt: createdAt(),
  },
  (t) => [index('handle_aliases_model_idx').on(t.modelId)],
)

/** Kaggle's "model instance": one framework × slug of a model. */
export const variations = sqliteTable(
  'variations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    modelId: integer('model_id')
      .notNull()
      .references(() => models.id),
    framework: text('framework').notNull(),
    slug: text('slug').notNull(),
    overview: text('overview').notNull().default(''),
    usageMd: text('usage_md').notNull().default(''),
    // a TF Hub variation's own tags, [{ type, slug, name }] as JSON (docs/tfhub.md, "Families")
    tagsJson: text('tags_json').notNull().default('[]'),
    fineTunable: integer('fine_tunable', { mode: 'boolean' }),
    baseVariationId: integer('base_variation_id').references((): AnySQLiteColumn => variations.id),
    isListed: integer('is_listed', { mode: 'boolean' }).notNull().default(true),
    sourceHash: text('source_hash'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('variations_model_framework_slug_idx').on(t.modelId, t.framework, t.slug)],
)

export const versionStatuses = ['pending', 'ready', 'failed'] as const

export const versions = sqliteTable(
  'versions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    variationId: integer('variation_id')
      .notNull()
      .references(() => variations.id),
    // 1..n within the variation; once given to a version it is never reused
    number: integer('number').notNull(),
    status: text('status', { enum: versionStatuses }).notNull().default('ready'),
    notes: text('notes').notNull().default(''),
    isListed: integer('is_listed', { mode: 'boolean' }).notNull().default(true),
    fileCount: integer('file_count').notNull().default(0),
    totalBytes: integer('total_bytes').notNull().default(0),
    archiveKey: text('archive_key'),
    archiveSize: integer('archive_size'),
    archiveSha256: text('archive_sha256'),
    archiveMd5: text('archive_md5'),
    createdAt: createdAt(),
    publishedAt: integer('published_at', { mode: 'timestamp_ms' }),
    // TF Hub provenance (docs/tfhub.md, "Versions"); null for community versions
    sourceKind: text('source_kind'),
    sourceHandle: text('source_handle'),
    sourceVersion: integer('source_version'),
    sourcePath: text('source_path'),
    sourceUrl: text('source_url'),
    format: text('format'),
    assetPath: text('asset_path'),
    parentSourceHandle: text('parent_source_handle'),
    parentResolution: text('parent_resolution', { enum: ['exact', 'latest-version-of-name'] }),
    colabUrl: text('colab_url'),
    demoUrl: text('demo_url'),
    interactiveVisualizer: text('interactive_visualizer'),
    sourceHash: text('source_hash'),
    // pull-through of a TF Hub version's asset into R2 (docs/pull-through.md): null until first
    // asked for; rejected is deterministic and never retried, failed is retried at asset_retry_at
    assetState: text('asset_state', {
      enum: ['queued', 'fetching', 'fetched', 'rejected', 'failed'],
    }),
    // queued: when to queue again if no consumer took it; fetching: the lease's end
    assetLeaseUntil: integer('asset_lease_until', { mode: 'timestamp_ms' }),
    // fences the fetch: only the holder of this token may renew the lease or commit files
    assetLeaseToken: text('asset_lease_token'),
    assetError: text('asset_error'),
    assetRetryAt: integer('asset_retry_at', { mode: 'timestamp_ms' }),
    assetAttempts: integer('asset_attempts').notNull().default(0),
    // progress of the fetch in progress: compressed bytes received of the declared total
    assetReceivedBytes: integer('asset_received_bytes'),
    assetTotalBytes: integer('asset_total_bytes'),
    // a pending community version whose files are being unpacked from this archive.zip upload in
    // the background (docs/publishing.md, "Archives"); null once its files are recorded
    pendingArchiveToken: text('pending_archive_token'),
  },
  (t) => [
    uniqueIndex('versions_variation_number_idx').on(t.variationId, t.number),
    uniqueIndex('versions_source_path_idx').on(t.sourcePath),
    // the cron's sweep of publishes that died reads only pending versions
    index('versions_pending_idx')
      .on(t.createdAt)
      .where(sql`status = 'pending'`),
  ],
)

export const files = sqliteTable(
  'files',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    versionId: integer('version_id')
      .notNull()
      .references(() => versions.id),
    path: text('path').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    // base64 of the raw MD5, sent as x-goog-hash; null when the object was stored in parts
    md5: text('md5'),
    contentType: text('content_type').notNull(),
    // content-addressed: the same bytes are one object however many versions hold them
    r2Key: text('r2_key').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('files_version_path_idx').on(t.versionId, t.path),
    index('files_sha256_idx').on(t.sha256),
  ],
)

// ---- community ----------------------------------------------------------------------------

export const votes = sqliteTable(
  'votes',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    modelId: integer('model_id')
      .notNull()
      .references(() => models.id),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.modelId] }),
    index('votes_model_idx').on(t.modelId, t.createdAt),
  ],
)

export const discussionTopics = sqliteTable(
  'discussion_topics',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    modelId: integer('model_id')
      .notNull()
      .references(() => models.id),
    authorId: integer('author_id')
      .notNull()
      .references(() => users.id),
    title: text('title').notNull(),
    bodyMd: text('body_md').notNull(),
    commentCount: integer('comment_count').notNull().default(0),
    // kept by the discussion_votes triggers (migration 0011)
    voteCount: integer('vote_count').notNull().default(0),
    isPinned: integer('is_pinned', { mode: 'boolean' }).notNull().default(false),
    isLocked: integer('is_locked', { mode: 'boolean' }).notNull().default(false),
    isHidden: integer('is_hidden', { mode: 'boolean' }).notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    editedAt: integer('edited_at', { mode: 'timestamp_ms' }),
    lastActivityAt: integer('last_activity_at', { mode: 'timestamp_ms' }).notNull(),
    deletedAt: integer('deleted_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('discussion_topics_model_idx').on(t.modelId, t.lastActivityAt)],
)

/** Replies to a topic, oldest first. */
export const discussionComments = sqliteTable(
  'discussion_comments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    topicId: integer('topic_id')
      .notNull()
      .references(() => discussionTopics.id),
    authorId: integer('author_id')
      .notNull()
      .references(() => users.id),
    bodyMd: text('body_md').notNull(),
    voteCount: integer('vote_count').notNull().default(0),
    isHidden: integer('is_hidden', { mode: 'boolean' }).notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    editedAt: integer('edited_at', { mode: 'timestamp_ms' }),
    deletedAt: integer('deleted_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    index('discussion_comments_topic_idx').on(t.topicId, t.createdAt),
    index('discussion_comments_author_idx').on(t.authorId),
  ],
)

// a notebook_comment is a row of notebook_comments (the notebook's thread, docs/notebooks.md)
const postKinds = ['topic', 'comment', 'notebook_comment'] as const

/**
 * Upvotes on posts (topics, replies, notebook comments): one per user and post; triggers keep the
 * posts' vote_count.
 */
export const discussionVotes = sqliteTable(
  'discussion_votes',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    targetKind: text('target_kind', { enum: postKinds }).notNull(),
    targetId: integer('target_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.targetKind, t.targetId] }),
    index('discussion_votes_target_idx').on(t.targetKind, t.targetId),
  ],
)

/** Reports of posts (topics, replies, notebook comments): the moderation queue on the admin page. */
export const reports = sqliteTable(
  'reports',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    reporterId: integer('reporter_id')
      .notNull()
      .references(() => users.id),
    targetKind: text('target_kind', { enum: postKinds }).notNull(),
    targetId: integer('target_id').notNull(),
    reason: text('reason').notNull(),
    status: text('status', { enum: ['open', 'resolved', 'dismissed'] })
      .notNull()
      .default('open'),
    createdAt: createdAt(),
    resolvedAt: integer('resolved_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    // one report per reporter and post: reporting again changes nothing
    uniqueIndex('reports_reporter_target_idx').on(t.reporterId, t.targetKind, t.targetId),
    index('reports_status_idx').on(t.status, t.createdAt),
  ],
)

/** "Suggest a source": proposals of new curated sources, in the admin's queue with their status. */
export const sourceSuggestions = sqliteTable(
  'source_suggestions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    name: text('name').notNull(),
    url: text('url').notNull(),
    note: text('note').notNull().default(''),
    status: text('status', { enum: ['new', 'reviewing', 'accepted', 'rejected'] })
      .notNull()
      .default('new'),
    adminNote: text('admin_note').notNull().default(''),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('source_suggestions_status_idx').on(t.status, t.createdAt),
    index('source_suggestions_user_idx').on(t.userId),
  ],
)

/** Links to notebooks that use a model: TF Hub colab tags, or ones users add. */
export const notebooks = sqliteTable(
  'notebooks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    modelId: integer('model_id')
      .notNull()
      .references(() => models.id),
    variationId: integer('variation_id').references(() => variations.id),
    title: text('title').notNull(),
    url: text('url').notNull(),
    source: text('source', { enum: ['tfhub', 'user'] }).notNull(),
    authorId: integer('author_id').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('notebooks_model_url_idx').on(t.modelId, t.url)],
)

/**
 * Notebooks hosted here (docs/notebooks.md): an owner's Jupyter notebook with immutable versions
 * in R2 and attached model inputs. `notebooks` above stays the table of external links.
 */
export const hostedNotebooks = sqliteTable(
  'hosted_notebooks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    ownerId: integer('owner_id')
      .notNull()
      .references(() => owners.id),
    // who created it; the owner may be an organization the author acts for
    authorId: integer('author_id').references(() => users.id),
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    language: text('language', { enum: ['python', 'javascript'] }).notNull(),
    isPrivate: integer('is_private', { mode: 'boolean' }).notNull().default(false),
    forkedFromId: integer('forked_from_id').references((): AnySQLiteColumn => hostedNotebooks.id),
    // kept by the notebook_votes and fork triggers (migration notebooks_counters)
    forkCount: integer('fork_count').notNull().default(0),
    voteCount: integer('vote_count').notNull().default(0),
    latestVersion: integer('latest_version').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('hosted_notebooks_owner_slug_idx').on(t.ownerId, t.slug),
    index('hosted_notebooks_forked_from_idx').on(t.forkedFromId),
  ],
)

/** A saved version of a hosted notebook: the .ipynb in R2 under its sha256; never changed. */
export const notebookVersions = sqliteTable(
  'notebook_versions',
  {
    notebookId: integer('notebook_id')
      .notNull()
      .references(() => hostedNotebooks.id),
    number: integer('number').notNull(),
    r2Key: text('r2_key').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    cellCount: integer('cell_count').notNull(),
    sha256: text('sha256').notNull(),
    authorId: integer('author_id').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.notebookId, t.number] })],
)

/** A model variation attached to a notebook: a pinned version, or the latest when null. */
export const notebookInputs = sqliteTable(
  'notebook_inputs',
  {
    notebookId: integer('notebook_id')
      .notNull()
      .references(() => hostedNotebooks.id),
    variationId: integer('variation_id')
      .notNull()
      .references(() => variations.id),
    // the variation's model, so a model's notebooks are one index lookup
    modelId: integer('model_id')
      .notNull()
      .references(() => models.id),
    versionNumber: integer('version_number'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.notebookId, t.variationId] }),
    index('notebook_inputs_model_idx').on(t.modelId, t.notebookId),
  ],
)

/** One upvote per user and hosted notebook; the count is kept by triggers. */
export const notebookVotes = sqliteTable(
  'notebook_votes',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    notebookId: integer('notebook_id')
      .notNull()
      .references(() => hostedNotebooks.id),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.notebookId] }),
    index('notebook_votes_notebook_idx').on(t.notebookId),
  ],
)

/**
 * A notebook's comment thread (docs/notebooks.md, "Comments"): comments and one level of replies
 * (`parent_id`, a top-level comment of the same notebook). Deleting keeps the row and drops the
 * words, as discussion posts do; deleting the notebook deletes its comments.
 */
export const notebookComments = sqliteTable(
  'notebook_comments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    notebookId: integer('notebook_id')
      .notNull()
      .references(() => hostedNotebooks.id),
    parentId: integer('parent_id').references((): AnySQLiteColumn => notebookComments.id),
    authorId: integer('author_id')
      .notNull()
      .references(() => users.id),
    bodyMd: text('body_md').notNull(),
    voteCount: integer('vote_count').notNull().default(0),
    isHidden: integer('is_hidden', { mode: 'boolean' }).notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    editedAt: integer('edited_at', { mode: 'timestamp_ms' }),
    deletedAt: integer('deleted_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    index('notebook_comments_thread_idx').on(t.notebookId, t.parentId, t.id),
    index('notebook_comments_author_idx').on(t.authorId),
  ],
)

/**
 * One row per model and UTC day, kept by the `download_events` trigger (docs/usage.md):
 * downloads, and the clients that downloaded any version of the model that day.
 */
export const usageDaily = sqliteTable(
  'usage_daily',
  {
    modelId: integer('model_id')
      .notNull()
      .references(() => models.id),
    day: text('day').notNull(),
    downloads: integer('downloads').notNull().default(0),
    uniqueDownloaders: integer('unique_downloaders').notNull().default(0),
    views: integer('views').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.modelId, t.day] })],
)

/** Downloads per version and UTC day, for the per-variation breakdown; kept by the same trigger. */
export const usageDailyVersions = sqliteTable(
  'usage_daily_versions',
  {
    versionId: integer('version_id')
      .notNull()
      .references(() => versions.id),
    day: text('day').notNull(),
    variationId: integer('variation_id')
      .notNull()
      .references(() => variations.id),
    modelId: integer('model_id')
      .notNull()
      .references(() => models.id),
    downloads: integer('downloads').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.versionId, t.day] }),
    index('usage_daily_versions_model_idx').on(t.modelId, t.day),
  ],
)

/**
 * One row per version, client and UTC day that counted as a download: the row's insertion is the
 * count (its trigger rolls it up), a second download the same day is ignored. `client` is a hash
 * salted with that day's salt, never an address; rows older than yesterday are pruned.
 */
export const downloadEvents = sqliteTable(
  'download_events',
  {
    day: text('day').notNull(),
    versionId: integer('version_id').notNull(),
    client: text('client').notNull(),
    variationId: integer('variation_id').notNull(),
    modelId: integer('model_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.day, t.versionId, t.client] }),
    index('download_events_model_client_idx').on(t.modelId, t.day, t.client),
  ],
)

/** A random salt per UTC day for `download_events.client`; deleted once the day is over. */
export const downloadSalts = sqliteTable('download_salts', {
  day: text('day').primaryKey(),
  salt: text('salt').notNull(),
})

// ---- uploads and jobs ---------------------------------------------------------------------

/**
 * One file being uploaded (docs/publishing.md): its bytes go into an R2 multipart upload, part by
 * part, and become a file of a version when a create call names the token.
 */
export const uploadSessions = sqliteTable(
  'upload_sessions',
  {
    // the opaque token handed to the client; also the capability in its upload URL
    token: text('token').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    fileName: text('file_name').notNull(),
    contentLength: integer('content_length').notNull(),
    receivedBytes: integer('received_bytes').notNull().default(0),
    r2Key: text('r2_key').notNull(),
    sha256: text('sha256'),
    md5: text('md5'),
    status: text('status', { enum: ['open', 'complete', 'consumed', 'aborted'] })
      .notNull()
      .default('open'),
    createdAt: createdAt(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    completedAt: integer('completed_at', { mode: 'timestamp_ms' }),
    // the R2 multipart upload the parts go to, and the parts stored so far ([{partNumber, etag}])
    multipartId: text('multipart_id'),
    partsJson: text('parts_json').notNull().default('[]'),
    // the sha256 the client declared (Modelport's extension of StartBlobUpload), checked at the end
    declaredSha256: text('declared_sha256'),
  },
  (t) => [
    index('upload_sessions_status_idx').on(t.status, t.expiresAt),
    index('upload_sessions_user_idx').on(t.userId, t.status),
  ],
)

/**
 * R2 multipart uploads in progress (worker/services/staged-upload.ts). R2's Worker binding cannot
 * list incomplete uploads, so each is recorded when it starts and forgotten when it completes or
 * is aborted; a row left behind is an upload whose Worker died, which the cron aborts once its
 * owner (a pull-through lease token) no longer holds a live lease (docs/pull-through.md).
 */
export const multipartUploads = sqliteTable(
  'multipart_uploads',
  {
    uploadId: text('upload_id').primaryKey(),
    key: text('key').notNull(),
    owner: text('owner').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('multipart_uploads_created_idx').on(t.createdAt)],
)

export const syncRuns = sqliteTable(
  'sync_runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    job: text('job').notNull(),
    trigger: text('trigger', { enum: ['cron', 'admin', 'start'] }).notNull(),
    status: text('status', { enum: ['running', 'succeeded', 'failed', 'skipped'] }).notNull(),
    sourceRevision: text('source_revision'),
    filesSeen: integer('files_seen').notNull().default(0),
    filesChanged: integer('files_changed').notNull().default(0),
    filesAdded: integer('files_added').notNull().default(0),
    filesUnlisted: integer('files_unlisted').notNull().default(0),
    errorCount: integer('error_count').notNull().default(0),
    message: text('message'),
    cpuMs: integer('cpu_ms'),
    wallMs: integer('wall_ms'),
    subrequests: integer('subrequests'),
    // per-file parse errors and unresolved references, [{ path, message }]
    errorsJson: text('errors_json'),
    startedAt: integer('started_at', { mode: 'timestamp_ms' }).notNull(),
    finishedAt: integer('finished_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('sync_runs_job_started_idx').on(t.job, t.startedAt)],
)

/** Per job: the last completed source revision and the run lock. */
export const syncState = sqliteTable('sync_state', {
  job: text('job').primaryKey(),
  sourceRevision: text('source_revision'),
  sourceEtag: text('source_etag'),
  // the importer's IMPORT_VERSION that produced the catalog for sourceRevision
  importVersion: text('import_version'),
  lockedBy: integer('locked_by'),
  lockExpiresAt: integer('lock_expires_at', { mode: 'timestamp_ms' }),
  // where an unfinished multi-invocation run resumes
  cursorJson: text('cursor_json'),
  updatedAt: updatedAt(),
})

/** Every file of the tfhub.dev repository ever seen, keyed by its upstream path. */
export const tfhubSourceFiles = sqliteTable(
  'tfhub_source_files',
  {
    path: text('path').primaryKey(),
    kind: text('kind').notNull(),
    handle: text('handle').notNull(),
    blobSha1: text('blob_sha1').notNull(),
    parsedJson: text('parsed_json').notNull(),
    firstSeenRevision: text('first_seen_revision'),
    lastSeenRevision: text('last_seen_revision'),
    vanishedAt: integer('vanished_at', { mode: 'timestamp_ms' }),
    error: text('error'),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('tfhub_source_files_kind_handle_idx')
      .on(t.kind, t.handle)
      .where(sql`vanished_at is null`),
  ],
)

/**
 * One row: a number that moves on every write to what the public pages show but their counters,
 * kept by triggers (migrations 0024 and 0025, db/catalog-columns.ts), so the edge cache of
 * rendered pages is keyed by it (docs/ssr.md, "Edge cache").
 */
export const catalogVersion = sqliteTable('catalog_version', {
  id: integer('id').primaryKey(),
  version: integer('version').notNull().default(0),
})
