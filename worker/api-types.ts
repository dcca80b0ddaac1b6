// JSON shapes of the /api/v1 answers. Kaggle's field names where Kaggle defines the object
// (docs/kaggle-api.md, "Objects"); fields Kaggle lacks are additions its clients ignore. No field is ever
// null on the wire: a missing value is an absent key. The SPA imports these as types only. The
// words they use (frameworks, tag types, facet groups) are in vocabulary.ts, a leaf like this file.
import type { FacetGroup, FrameworkEnum, Provenance, TagType } from './vocabulary'

export type { TagType }

export interface ApiLicense {
  id: string
  /** Kaggle's display name, e.g. 'Apache 2.0' */
  name: string
  spdx?: string
  url?: string
  /** 'tfhub-default': TF Hub's documented default for models without a licence tag */
  source: 'explicit' | 'tfhub-default'
  /** what to show: 'Apache-2.0 (TF Hub default)', 'MIT', ... */
  label: string
  commercialUse: boolean
  modification: boolean
  distribution: boolean
  attributionRequired: boolean
  shareAlike: boolean
  patentGrant: boolean
}

export interface ApiTag {
  /** '<type>/<slug>', e.g. 'task/image-classification' */
  ref: string
  type: TagType
  slug: string
  name: string
}

export interface ApiOwner {
  slug: string
  name: string
  isOrganization: boolean
  imageUrl?: string
  aboutMd?: string
  profileUrl: string
}

/** Kaggle's ApiModel; `instances` only on the single-model answer. */
export interface ApiModel {
  id: number
  /** 'owner/model' */
  ref: string
  ownerSlug: string
  slug: string
  title: string
  subtitle: string
  /** the owner's display name */
  author: string
  authorImageUrl?: string
  isPrivate: boolean
  /** the model card, markdown; not in list pages, where a page of cards would be most of the bytes */
  description?: string
  url: string
  publishTime?: string
  createTime: string
  updateTime: string
  voteCount: number
  /** on GET .../get: whether the caller has upvoted the model (false when signed out) */
  hasVoted?: boolean
  /** on GET .../get: whether the caller may edit the model (its owner, a member, an admin) */
  canEdit?: boolean
  downloadCount: number
  notebookCount: number
  discussionCount: number
  licenseName?: string
  license?: ApiLicense
  fineTunable?: boolean
  provenance: Provenance
  /** the TF Hub base handle and page this model was imported from */
  provenanceSources?: string
  sourceUrl?: string
  tags: ApiTag[]
  /** distinct frameworks of the model's variations, as wire enums */
  frameworks: FrameworkEnum[]
  /**
   * Search results only: the family's variations ('framework/slug') that the search's words name
   * beyond the family itself, so one result stands for its matching variations (docs/search.md)
   */
  matchingVariations?: string[]
  instances?: ApiModelInstance[]
  owner?: ApiOwner
  notebooks?: ApiNotebook[]
}

/** The single-model answer (`GET .../get`), which always has the card. */
export type ApiModelDetail = ApiModel & { description: string }

/** Kaggle's ApiModelInstance: one framework × variation, with its latest version. */
export interface ApiModelInstance {
  id: number
  slug: string
  framework: FrameworkEnum
  /** camelCase slug used in URLs and handles, e.g. 'tfJs' */
  frameworkSlug: string
  fineTunable?: boolean
  overview: string
  usage: string
  /** latest listed version */
  versionNumber: number
  versionId: number
  versionCount: number
  /** downloads of this variation's versions, all time (docs/usage.md) */
  downloadCount: number
  url: string
  /** 'owner/model/framework/variation' as kagglehub takes it */
  handle: string
  licenseName?: string
  totalUncompressedBytes: number
  modelInstanceType: 'MODEL_INSTANCE_TYPE_BASE_MODEL' | 'MODEL_INSTANCE_TYPE_KAGGLE_VARIANT'
  baseModelInstance?: { framework: FrameworkEnum; slug: string }
  /** a TF Hub variation's own tags (the model's are all its variations'); absent when none */
  tags?: ApiTag[]
  /** where the latest version came from on TF Hub: its handle and page */
  tfhubSource?: { handle: string; url?: string }
}

export interface ApiVersionSource {
  kind: string
  handle: string
  version: number
  url?: string
  format?: string
  assetPath?: string
  parentHandle?: string
  colabUrl?: string
  demoUrl?: string
}

export interface ApiModelVersion {
  id: number
  versionNumber: number
  notes: string
  status: 'pending' | 'ready' | 'failed'
  createTime: string
  fileCount: number
  totalBytes: number
  /** whole-version tar.gz, when the version has files */
  archiveUrl?: string
  archiveSize?: number
  url: string
  source?: ApiVersionSource
}

export interface ApiModelFile {
  /** path relative to the version root */
  name: string
  size: number
  sha256: string
  contentType: string
  creationDate: string
  /** the file's bytes (versioned, immutable URL) */
  url: string
}

export interface ApiNotebook {
  id: number
  title: string
  url: string
  source: 'tfhub' | 'user'
}

export interface ListModelsResponse {
  models: ApiModel[]
  nextPageToken: string
  totalResults: number
  /** only with `facets=1` (every group) or `facets=framework,task` (those): per filter group, how
   * many models each value would give */
  facets?: ApiFacets
}

/** The list endpoint's filter groups; each is also its query parameter. */
type FacetGroupName = FacetGroup

interface ApiFacetValue {
  /** what the filter parameter takes, e.g. 'tfJs', 'image-classification', 'apache-2.0' */
  value: string
  label: string
  count: number
}

/** Values by count, at most 50 per group plus any selected one; the groups asked for. */
export type ApiFacets = Partial<Record<FacetGroupName, ApiFacetValue[]>>

export interface ListVersionsResponse {
  versions: ApiModelVersion[]
}

/** `GET /api/v1/models/:owner/:model/:framework/:variation/diff?from=&to=` */
export interface VersionDiffResponse {
  from: VersionDiffSide
  to: VersionDiffSide
  summary: {
    added: number
    removed: number
    changed: number
    unchanged: number
    bytesDelta: number
  }
  /** added, removed and changed files in path order; unchanged ones are only counted */
  files: VersionDiffFile[]
}

interface VersionDiffSide {
  versionNumber: number
  fileCount: number
  totalBytes: number
}

export interface VersionDiffFile {
  path: string
  change: 'added' | 'removed' | 'changed'
  fromSize?: number
  toSize?: number
  fromSha256?: string
  toSha256?: string
}

export interface ListFilesResponse {
  files: ApiModelFile[]
  nextPageToken: string
  totalResults: number
  totalBytes: number
}

/** Kaggle's ModelInstance, as RPC ListModelInstances answers it (kaggle CLI `models instances list`). */
export interface KaggleModelInstance {
  id: number
  modelId: number
  ownerSlug: string
  modelSlug: string
  slug: string
  framework: FrameworkEnum
  fineTunable?: boolean
  overview: string
  usage: string
  versionId: number
  versionNumber: number
  versionNotes: string
  totalUncompressedBytes: number
  modelInstanceType: ApiModelInstance['modelInstanceType']
  url: string
  license?: { id: string; name: string }
}

export interface ListModelInstancesResponse {
  instances: KaggleModelInstance[]
  /** '' on the last page */
  nextPageToken: string
}

/** Kaggle's ModelInstanceVersion (RPC ListModelInstanceVersions; CLI `versions list`). */
export interface KaggleModelInstanceVersion {
  id: number
  modelId: number
  modelInstanceId: number
  ownerSlug: string
  modelSlug: string
  variationSlug: string
  framework: FrameworkEnum
  versionNumber: number
  modelTitle: string
  isPrivate: boolean
  isTfhubModel: boolean
  url: string
}

export interface ListModelInstanceVersionsResponse {
  versionList: { versions: KaggleModelInstanceVersion[] }
  /** '' on the last page */
  nextPageToken: string
}

export interface ApiErrorBody {
  code: number
  message: string
  error: {
    code: string
    message: string
    issues?: { path: string; message: string }[]
    /** a 202 of a pull-through: how far the fetch from TF Hub is (docs/pull-through.md) */
    details?: Record<string, unknown>
  }
}

/** GET /api/v1/owners/:owner: a publisher's profile with totals over its public models. */
export interface ApiOwnerProfile extends ApiOwner {
  websiteUrl?: string
  /** 'tfhub': a TF Hub publisher imported with the catalog */
  source: 'tfhub' | 'local'
  createTime: string
  modelCount: number
  totalDownloads: number
  totalVotes: number
  /** frameworks of the owner's models, most used first, with how many models offer each */
  frameworks: { framework: FrameworkEnum; frameworkSlug: string; modelCount: number }[]
}

/** One UTC day of a model's usage (docs/usage.md). */
export interface ApiUsageDay {
  /** 'YYYY-MM-DD' */
  day: string
  downloads: number
  /** clients that downloaded any version that day; a client is recognisable within one day only */
  uniqueDownloaders: number
  votes: number
}

/** One variation's downloads: `daily` is aligned with the answer's `daily` days. */
export interface ApiVariationUsage {
  framework: FrameworkEnum
  /** the framework as it is spelled in the model's paths */
  frameworkSlug: string
  slug: string
  daily: number[]
  downloadsInRange: number
  /** all time */
  downloadCount: number
}

/**
 * GET /api/v1/stats/models/:owner/:model?days=: daily usage, one entry per day, zeros included,
 * and each listed variation's share (`&format=csv` answers the same series as CSV).
 */
export interface ModelStatsResponse {
  ref: string
  /** first and last day of `daily`, inclusive */
  from: string
  to: string
  daily: ApiUsageDay[]
  variations: ApiVariationUsage[]
  downloadsInRange: number
  /** the sum of the days' unique downloaders */
  uniqueDownloadersInRange: number
  votesInRange: number
  /** all time */
  downloadCount: number
  voteCount: number
}

/** A post's author; a deleted account shows as `{slug: null, name: 'deleted user'}`. */
export interface ApiPostAuthor {
  slug: string | null
  name: string
  imageUrl?: string
}

export interface ApiDiscussionTopic {
  id: number
  /** '' when deleted */
  title: string
  author: ApiPostAuthor
  commentCount: number
  voteCount: number
  /** whether the caller has upvoted it */
  hasVoted: boolean
  isPinned: boolean
  isLocked: boolean
  /** only moderators see hidden topics */
  isHidden: boolean
  isDeleted: boolean
  isEdited: boolean
  createTime: string
  lastActivityTime: string
  editTime?: string
}

/** GET /api/v1/discussions/models/:owner/:model?sort=hot|recent|votes&pageToken= */
export interface ListDiscussionsResponse {
  topics: ApiDiscussionTopic[]
  totalResults: number
  sort: 'hot' | 'recent' | 'votes'
  /** whether the caller may pin, lock and hide here */
  canModerate: boolean
  nextPageToken?: string
}

export interface ApiDiscussionComment {
  id: number
  author: ApiPostAuthor
  /** markdown; '' when deleted, or hidden from a reader who is no moderator */
  body: string
  voteCount: number
  hasVoted: boolean
  isHidden: boolean
  isDeleted: boolean
  isEdited: boolean
  createTime: string
  editTime?: string
}

/** One comment of a notebook's thread: a discussion reply, plus the comment it answers. */
export interface ApiNotebookComment extends ApiDiscussionComment {
  /** the top-level comment this one replies to; null for a top-level comment */
  parentId: number | null
}

/** GET /api/v1/notebooks/:owner/:slug/comments?pageToken= : a page of the thread, reading order. */
export interface ListNotebookCommentsResponse {
  comments: ApiNotebookComment[]
  totalComments: number
  /** whether the caller may hide comments (and sees hidden ones' words) */
  canModerate: boolean
  nextPageToken?: string
}

/** GET /api/v1/discussions/topics/:id?pageToken= : the topic and a page of its replies. */
export interface ApiDiscussionTopicDetail extends ApiDiscussionTopic {
  /** markdown, never HTML */
  body: string
  model: { ownerSlug: string; modelSlug: string }
  canModerate: boolean
  comments: ApiDiscussionComment[]
  totalComments: number
  nextPageToken?: string
}

// ===== Operator answers (/api/v1/admin) =====

/** One run of a sync job, as GET /api/v1/admin/sync/runs answers it. */
export interface ApiSyncRun {
  id: number
  job: string
  trigger: 'cron' | 'admin' | 'start'
  status: 'running' | 'succeeded' | 'failed' | 'skipped'
  sourceRevision: string | null
  filesSeen: number
  filesChanged: number
  filesAdded: number
  filesUnlisted: number
  errorCount: number
  errorsJson: string | null
  message: string | null
  cpuMs: number | null
  wallMs: number | null
  subrequests: number | null
  startedAt: string
  finishedAt: string | null
}

export interface ListSyncRunsResponse {
  runs: ApiSyncRun[]
}

/** POST /api/v1/admin/sync/tfhub: what one run of the TF Hub sync did. */
export interface ApiSyncSummary {
  runId: number
  status: 'succeeded' | 'failed' | 'skipped'
  revision: string | null
  /** the source was unchanged since the last completed run: only the commit check ran */
  unchanged: boolean
  filesSeen: number
  filesChanged: number
  filesAdded: number
  filesUnlisted: number
  errors: { path: string; message: string }[]
  /** what the run wrote to the catalog; absent when it wrote nothing (the source was unchanged) */
  applied?: {
    modelsWritten: number
    modelsUnlisted: number
    variationsWritten: number
    versionsWritten: number
    versionsUnlisted: number
    /** planned models left out, e.g. because a local account holds the publisher's slug */
    problems: { path: string; message: string }[]
  }
  message?: string
  wallMs: number
  cpuMs: number
  subrequests: number
  d1Statements: number
}

/** POST /api/v1/admin/seed/demo */
export interface ApiSeedSummary {
  models: number
  versionsPublished: number
  blobsChecked: number
}

/** POST /api/v1/admin/search/snapshot */
export interface ApiSnapshotResult {
  written: boolean
  seq: number
  bytes: number
}

/** The signed-in account (`GET /api/v1/auth/me`, and the answer to sign-up). */
export interface AccountMe {
  username: string
  displayName: string
  email: string
  isAdmin: boolean
}

/** An API credential of the signed-in user (`GET /api/v1/account/tokens`); never the secret. */
export interface ApiTokenInfo {
  id: number
  kind: 'legacy' | 'access'
  name: string
  prefix: string
  scopes: string[]
  createTime: string
  expireTime?: string
  lastUsedTime?: string
}

/** `POST /api/v1/account/tokens`: the new token, with its secret shown this once. */
export interface ApiCreatedToken extends ApiTokenInfo {
  token: string
}

/** `POST /api/v1/account/legacy-key`: the contents of kaggle.json. */
export interface ApiLegacyKey {
  username: string
  key: string
}

/** A signed-in browser of the user (`GET /api/v1/account/sessions`). */
export interface ApiSession {
  id: string
  userAgent: string
  createTime: string
  lastSeenTime: string
  expireTime: string
  /** the session this request came with */
  current: boolean
}

interface ApiModelRef {
  ownerSlug: string
  modelSlug: string
}

/** `GET /api/v1/users/:username`: a user's public profile and recent posts. */
export interface ApiPublicUser {
  username: string
  displayName: string
  imageUrl?: string
  /** markdown */
  about: string
  createTime: string
  topics: { id: number; title: string; model: ApiModelRef; createTime: string }[]
  replies: {
    id: number
    topicId: number
    topicTitle: string
    model: ApiModelRef
    createTime: string
  }[]
}

/** A suggested source, as POST /api/v1/suggestions and GET /suggestions/mine answer it. */
export interface ApiSuggestion {
  id: number
  name: string
  url: string
  note: string
  status: 'new' | 'reviewing' | 'accepted' | 'rejected'
  adminNote: string
  createTime: string
  updateTime: string
}

/** One report in GET /api/v1/admin/reports. */
export interface ApiAdminReport {
  id: number
  targetKind: 'topic' | 'comment' | 'notebook_comment'
  targetId: number
  topicId: number | null
  /** 'owner/model' of a topic or reply */
  model: string | null
  /** 'owner/slug' of the notebook a notebook comment belongs to */
  notebook: string | null
  /** the reported words, markdown */
  text: string
  reason: string
  reporter: string | null
  status: 'open' | 'resolved' | 'dismissed'
  createTime: string
}

/** A notebook hosted here (docs/notebooks.md); `url` is its page in the SPA. */
export interface ApiHostedNotebook {
  owner: string
  ownerName: string
  slug: string
  title: string
  language: 'python' | 'javascript'
  isPrivate: boolean
  voteCount: number
  /** whether the caller has upvoted it */
  hasVoted: boolean
  forkCount: number
  latestVersion: number
  /** the notebook this one was forked from, unless it is gone from the caller's view */
  forkedFrom: { owner: string; slug: string; title: string } | null
  createTime: string
  updateTime: string
  url: string
}

/** One saved version; `downloadUrl` answers its .ipynb. */
interface ApiNotebookVersion {
  number: number
  sizeBytes: number
  cellCount: number
  sha256: string
  createTime: string
  downloadUrl: string
}

/** A model variation attached to a notebook; `version` null means its latest. */
export interface ApiNotebookInput {
  owner: string
  model: string
  framework: string
  variation: string
  modelTitle: string
  version: number | null
  /** 'owner/model/framework/variation', with '/version' when pinned */
  handle: string
  url: string
}

/**
 * GET /api/v1/notebooks/:owner/:slug/run-files: where a run fetches each attached model's files
 * without credentials (the opaque-origin runner). A private model's folder carries a short-lived
 * signature, to be sent as `?signature=` with every file under `filesUrl`.
 */
export interface ApiNotebookRunFiles {
  inputs: {
    /** 'owner/model/framework/variation' */
    handle: string
    /** the pinned version, else the latest ready one */
    version: number
    /** the version's files folder, ending in '/': model.json and its shards are under it */
    filesUrl: string
    signature?: string
    expireTime?: string
  }[]
}

export interface ApiHostedNotebookDetail extends ApiHostedNotebook {
  version: ApiNotebookVersion
  inputs: ApiNotebookInput[]
  /** whether the caller may save versions, change inputs and delete it (`notebook.write`) */
  canEdit: boolean
}

/** A model's Notebooks tab: hosted notebooks using it, and external links. */
export interface ListModelNotebooksResponse {
  notebooks: ApiHostedNotebook[]
  links: ApiNotebook[]
}

/** What the SPA's "New model" form offers (`GET /api/v1/account/publishing`). */
export interface ApiPublishingOptions {
  /** the signed-in user first, then their organizations */
  owners: { slug: string; displayName: string; isOrganization: boolean }[]
  licenses: Omit<ApiLicense, 'source' | 'label'>[]
  tags: { ref: string; type: string; name: string }[]
  frameworks: { slug: string; label: string }[]
}

/** One of the signed-in user's models in their dashboard (`GET /api/v1/account/models`). */
export interface ApiMyModel {
  ref: string
  ownerSlug: string
  slug: string
  title: string
  subtitle: string
  isPrivate: boolean
  provenance: 'tfhub' | 'community'
  createTime: string
  variations: {
    framework: string
    slug: string
    /** null: no version yet */
    latestVersion: {
      number: number
      status: 'pending' | 'ready' | 'failed'
      fileCount: number
      totalBytes: number
    } | null
  }[]
}

/** One upload of the signed-in user (`GET /api/v1/account/uploads/{token}`). */
export interface ApiMyUpload {
  token: string
  fileName: string
  contentLength: number
  receivedBytes: number
  status: 'open' | 'complete' | 'consumed' | 'aborted'
  /** computed by the server once the last byte is in */
  sha256: string | null
  expireTime: string
}
