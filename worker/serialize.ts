// Catalog rows → the JSON objects of worker/api-types.ts. Absent values are left out, never null
// (Kaggle's clients break on null; docs/kaggle-api.md, "JSON rules").
import type { ModelRow, ModelSummary, VariationWithLatest } from '../db/queries/models'
import type { SyncRun } from '../db/queries/sync-runs'
import type { files, licenses, notebooks, versions } from '../db/schema'
import type {
  ApiLicense,
  ApiModel,
  ApiModelFile,
  ApiModelInstance,
  ApiModelVersion,
  ApiNotebook,
  ApiOwner,
  ApiSyncRun,
  ApiTag,
  TagType,
} from './api-types'
import { encodeFilePath } from './lib/file-path'
import { frameworkEnum } from './vocabulary'

type License = typeof licenses.$inferSelect

const iso = (date: Date | null | undefined) => (date ? date.toISOString() : undefined)

/** Drops keys whose value is undefined or null. */
function compact<T extends object>(value: T): T {
  const out: Record<string, unknown> = {}
  for (const key in value) {
    const v = value[key]
    if (v !== undefined && v !== null) out[key] = v
  }
  return out as T
}

function toApiLicense(license: License, source: 'explicit' | 'tfhub-default'): ApiLicense {
  const label = license.spdx ?? license.name
  return compact({
    id: license.id,
    name: license.name,
    spdx: license.spdx ?? undefined,
    url: license.url ?? undefined,
    source,
    label: source === 'tfhub-default' ? `${label} (TF Hub default)` : label,
    commercialUse: license.commercialUse,
    modification: license.modification,
    distribution: license.distribution,
    attributionRequired: license.attributionRequired,
    shareAlike: license.shareAlike,
    patentGrant: license.patentGrant,
  })
}

export function toApiOwner(owner: ModelRow['owner'], origin: string): ApiOwner {
  return compact({
    slug: owner.slug,
    name: owner.displayName,
    isOrganization: owner.kind === 'organization',
    imageUrl: owner.avatarUrl ?? undefined,
    aboutMd: owner.aboutMd || undefined,
    profileUrl: `${origin}/owners/${encodeURIComponent(owner.slug)}`,
  })
}

const toApiTags = (tags: { type: string; slug: string; name: string }[]): ApiTag[] =>
  tags.map((t) => ({
    ref: `${t.type}/${t.slug}`,
    type: t.type as TagType,
    slug: t.slug,
    name: t.name,
  }))

/** A variation's own tags from their JSON column; none when it holds nothing readable. */
function variationTags(json: string): ApiTag[] | undefined {
  try {
    const tags = JSON.parse(json) as { type: string; slug: string; name: string }[]
    return Array.isArray(tags) && tags.length ? toApiTags(tags) : undefined
  } catch {
    return undefined
  }
}

export function toApiModel(
  row: ModelSummary,
  extras: {
    origin: string
    tags: { type: string; slug: string; name: string }[]
    frameworks: string[]
    matchingVariations?: string[]
    card?: boolean
  },
): ApiModel {
  const { model, owner, license } = row
  const tags = toApiTags(extras.tags)
  return compact({
    id: model.id,
    ref: `${owner.slug}/${model.slug}`,
    ownerSlug: owner.slug,
    slug: model.slug,
    title: model.title,
    subtitle: model.subtitle,
    author: owner.displayName,
    authorImageUrl: owner.avatarUrl ?? undefined,
    isPrivate: model.isPrivate,
    description: extras.card === false ? undefined : model.cardMd,
    url: `${extras.origin}/models/${owner.slug}/${model.slug}`,
    publishTime: iso(model.publishedAt),
    createTime: iso(model.createdAt)!,
    updateTime: iso(model.updatedAt)!,
    voteCount: model.voteCount,
    downloadCount: model.downloadCount,
    notebookCount: model.notebookCount,
    discussionCount: model.discussionCount,
    licenseName: license?.name,
    license: license ? toApiLicense(license, model.licenseSource) : undefined,
    fineTunable: model.fineTunable ?? undefined,
    provenance: model.provenance,
    provenanceSources: model.sourceHandle ? `TF Hub ${model.sourceHandle}` : undefined,
    sourceUrl: model.sourceUrl ?? undefined,
    tags,
    frameworks: extras.frameworks.map(frameworkEnum),
    matchingVariations: extras.matchingVariations,
  })
}

export function toApiInstance(
  variation: VariationWithLatest,
  context: { origin: string; ownerSlug: string; modelSlug: string; licenseName?: string },
): ApiModelInstance {
  const handle = `${context.ownerSlug}/${context.modelSlug}/${variation.framework}/${variation.slug}`
  return compact({
    id: variation.id,
    slug: variation.slug,
    framework: frameworkEnum(variation.framework),
    frameworkSlug: variation.framework,
    fineTunable: variation.fineTunable ?? undefined,
    overview: variation.overview,
    usage: variation.usageMd,
    versionNumber: variation.latest?.number ?? 0,
    versionId: variation.latest?.id ?? 0,
    versionCount: variation.versionCount,
    downloadCount: variation.downloadCount,
    url: `${context.origin}/models/${handle}`,
    handle,
    licenseName: context.licenseName,
    totalUncompressedBytes: variation.latest?.totalBytes ?? 0,
    modelInstanceType: variation.base
      ? 'MODEL_INSTANCE_TYPE_KAGGLE_VARIANT'
      : 'MODEL_INSTANCE_TYPE_BASE_MODEL',
    baseModelInstance: variation.base
      ? { framework: frameworkEnum(variation.base.framework), slug: variation.base.slug }
      : undefined,
    tags: variationTags(variation.tagsJson),
    tfhubSource: variation.latest?.sourceHandle
      ? { handle: variation.latest.sourceHandle, url: variation.latest.sourceUrl ?? undefined }
      : undefined,
  })
}

export function toApiVersion(
  version: typeof versions.$inferSelect,
  handleUrl: string,
  apiBase: string,
): ApiModelVersion {
  return compact({
    id: version.id,
    versionNumber: version.number,
    notes: version.notes,
    status: version.status,
    createTime: iso(version.createdAt)!,
    fileCount: version.fileCount,
    totalBytes: version.totalBytes,
    archiveUrl: version.archiveKey
      ? `${apiBase}/archives/${handleUrl}/${version.number}`
      : undefined,
    archiveSize: version.archiveSize ?? undefined,
    url: `${apiBase.replace(/\/api\/v1$/, '')}/models/${handleUrl}/${version.number}`,
    source: version.sourceHandle
      ? compact({
          kind: version.sourceKind!,
          handle: version.sourceHandle,
          version: version.sourceVersion!,
          url: version.sourceUrl ?? undefined,
          format: version.format ?? undefined,
          assetPath: version.assetPath ?? undefined,
          parentHandle: version.parentSourceHandle ?? undefined,
          colabUrl: version.colabUrl ?? undefined,
          demoUrl: version.demoUrl ?? undefined,
        })
      : undefined,
  })
}

export function toApiFile(file: typeof files.$inferSelect, versionUrl: string): ApiModelFile {
  return {
    name: file.path,
    size: file.size,
    sha256: file.sha256,
    contentType: file.contentType,
    creationDate: iso(file.createdAt)!,
    url: `${versionUrl}/${encodeFilePath(file.path)}`,
  }
}

export function toApiNotebook(notebook: typeof notebooks.$inferSelect): ApiNotebook {
  return { id: notebook.id, title: notebook.title, url: notebook.url, source: notebook.source }
}

/** A sync_runs row as the operator's run list shows it (dates as ISO strings, as JSON writes them). */
export function toApiSyncRun(run: SyncRun): ApiSyncRun {
  const finishedAt = run.finishedAt?.toISOString() ?? null
  return { ...run, startedAt: run.startedAt.toISOString(), finishedAt }
}
