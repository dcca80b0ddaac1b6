// The model catalog's answers in Kaggle's shapes (docs/kaggle-api.md), shared by the legacy REST
// routes (worker/routes/models.ts) and the RPC methods (worker/rpc/model-api.ts): one place
// builds each answer, whichever generation of client asked.
import type { Context } from 'hono'
import { z } from 'zod'
import {
  getFile,
  getModelDetail,
  getVersionNotes,
  listFiles,
  listVersions,
} from '../../db/queries/models'
import { allows } from '../accounts/permissions'
import type {
  ApiModel,
  KaggleModelInstance,
  KaggleModelInstanceVersion,
  ListFilesResponse,
  ListModelInstanceVersionsResponse,
  ListModelInstancesResponse,
  ListModelsResponse,
} from '../api-types'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { encodeFilePath } from '../lib/file-path'
import { decodePageToken, encodePageToken } from '../lib/page-token'
import { searchModels, type ModelSearch } from '../search'
import { toApiFile, toApiInstance, toApiModel, toApiNotebook, toApiOwner } from '../serialize'
import { frameworkEnum } from '../vocabulary'
import {
  handlePath,
  resolveModel,
  resolveVariation,
  resolveVersionWithFiles,
  type ResolvedHandle,
  type SeesPrivate,
} from './resolve'
import { signDownload } from './signed-download'

type Ctx = Context<AppEnv>
type Variation = Awaited<ReturnType<typeof resolveVariation>>
type Version = Awaited<ReturnType<typeof resolveVersionWithFiles>>

export const requestOrigin = (c: Ctx) => new URL(c.req.url).origin

/** The caller's view of private models: those of owners it may act for (`catalog.private`). */
export const callerSeesPrivate =
  (c: Ctx): SeesPrivate =>
  (ownerId) =>
    allows(c, 'catalog.private', ownerId)

/** A model as the caller may see it (private ones only where it may act for the owner). */
export const callerModel = (c: Ctx, owner: string, model: string) =>
  resolveModel(c.var.db, owner, model, callerSeesPrivate(c))

/** A variation as the caller may see it. */
export const callerVariation = (
  c: Ctx,
  owner: string,
  model: string,
  framework: string,
  variation: string,
) => resolveVariation(c.var.db, owner, model, framework, variation, callerSeesPrivate(c))

/** A page of the model list (public models), as `/models/list` and ListModels answer it. */
export async function modelsPage(
  c: Ctx,
  search: Omit<ModelSearch, 'pageTokenSecret'>,
): Promise<ListModelsResponse> {
  const page = await searchModels(c.var.db, c.env.BUCKET, {
    ...search,
    pageTokenSecret: c.env.PAGE_TOKEN_SECRET,
  })
  const body: ListModelsResponse = {
    models: page.entries.map((entry) =>
      toApiModel(entry, {
        origin: requestOrigin(c),
        tags: entry.tags,
        frameworks: entry.frameworks,
        matchingVariations: entry.matchingVariations,
        card: false,
      }),
    ),
    nextPageToken: page.nextPageToken,
    totalResults: page.total,
  }
  if (page.facets) body.facets = page.facets
  return body
}

/** A model with its card (`.../get`, GetModel) and the detail it was read with; 404 when unseen. */
async function visibleDetail(c: Ctx, owner: string, model: string, seesPrivate?: SeesPrivate) {
  const detail = await getModelDetail(c.var.db, owner, model, { includePrivate: !!seesPrivate })
  if (
    !detail ||
    (detail.model.model.isPrivate && !(await seesPrivate?.(detail.model.model.ownerId)))
  )
    throw new ApiError('NOT_FOUND', `Model ${owner}/${model} not found`)
  return detail
}

/** ApiModel with its instances, owner and notebooks. */
export async function modelAnswer(
  c: Ctx,
  owner: string,
  model: string,
  seesPrivate?: SeesPrivate,
): Promise<ApiModel> {
  const {
    model: row,
    tags,
    variations,
    notebooks,
  } = await visibleDetail(c, owner, model, seesPrivate)
  const ready = variations.filter((v) => v.latest)
  const context = {
    origin: requestOrigin(c),
    ownerSlug: row.owner.slug,
    modelSlug: row.model.slug,
    licenseName: row.license?.name,
  }
  return {
    ...toApiModel(row, {
      origin: context.origin,
      tags,
      frameworks: [...new Set(ready.map((v) => v.framework))],
    }),
    instances: ready.map((v) => toApiInstance(v, context)),
    owner: toApiOwner(row.owner, context.origin),
    notebooks: notebooks.map(toApiNotebook),
  }
}

/** The latest ready version's number, or 404: kagglehub needs versionNumber >= 1. */
export function latestNumber(found: Variation) {
  if (!found.variation.latest)
    throw new ApiError('NOT_FOUND', `Variation ${handlePath(found)} has no ready version`)
  return found.variation.latest.number
}

/** ApiModelInstance (`.../{fw}/{v}/get`, GetModelInstance). */
export function instanceAnswer(c: Ctx, found: Variation) {
  latestNumber(found)
  return toApiInstance(found.variation, {
    origin: requestOrigin(c),
    ownerSlug: found.model.owner.slug,
    modelSlug: found.model.model.slug,
    licenseName: found.model.license?.name,
  })
}

/** Where a files page ended: the last file's path. */
const filesCursor = z.object({ p: z.string() })

/** A page of a version's files in path order (`.../files`, ListModelInstanceVersionFiles). */
export async function filesPage(
  c: Ctx,
  found: Version,
  paging: { pageSize: number; pageToken: string },
): Promise<ListFilesResponse> {
  const after = paging.pageToken
    ? (await decodePageToken(c.env.PAGE_TOKEN_SECRET, paging.pageToken, filesCursor)).p
    : undefined
  const rows = await listFiles(c.var.db, found.version.id, paging.pageSize + 1, after)
  const page = rows.slice(0, paging.pageSize)
  const versionUrl = `${requestOrigin(c)}/api/v1/files/${handlePath(found)}/${found.version.number}`
  return {
    // a private model's file URLs are signed, as its redirects are: the SPA's download links
    files: await Promise.all(
      page.map(async (f) => {
        const file = toApiFile(f, versionUrl)
        return { ...file, url: await forCaller(c, found, file.url) }
      }),
    ),
    nextPageToken:
      rows.length > paging.pageSize
        ? await encodePageToken(c.env.PAGE_TOKEN_SECRET, { p: page.at(-1)!.path })
        : '',
    totalResults: found.version.fileCount,
    totalBytes: found.version.totalBytes,
  }
}

/**
 * A private model's byte URL, signed: the redirect targets are fetched without credentials, and
 * neither are the SPA's download links.
 */
export const forCaller = (c: Ctx, found: ResolvedHandle, url: string) =>
  found.model.model.isPrivate ? signDownload(c, url) : Promise.resolve(url)

/** The URL of one file's bytes: the target of a per-file download redirect. */
export function fileUrl(
  c: Ctx,
  found: ResolvedHandle & { version: { number: number } },
  path: string,
) {
  return forCaller(
    c,
    found,
    `${requestOrigin(c)}/api/v1/files/${handlePath(found)}/${found.version.number}/${encodeFilePath(path)}`,
  )
}

/** The URL of one file that must exist (RPC names it in the body, so it is checked first). */
export async function existingFileUrl(c: Ctx, found: Version, path: string) {
  const file = path ? await getFile(c.var.db, found.version.id, path) : undefined
  if (!file)
    throw new ApiError('NOT_FOUND', `File ${path} not found in version ${found.version.number}`)
  return fileUrl(c, found, file.path)
}

/** The URL of the version's tar.gz, or 404 when it has no files. */
export function archiveUrl(c: Ctx, found: Version) {
  if (!found.version.archiveKey)
    throw new ApiError(
      'NOT_FOUND',
      `Version ${found.version.number} of ${handlePath(found)} has no files`,
    )
  return forCaller(
    c,
    found,
    `${requestOrigin(c)}/api/v1/archives/${handlePath(found)}/${found.version.number}`,
  )
}

const instancesCursor = z.object({ k: z.string() })

/** A page of a model's variations with a ready version (ListModelInstances), as ModelInstance. */
export async function instancesPage(
  c: Ctx,
  owner: string,
  model: string,
  seesPrivate: SeesPrivate,
  paging: { pageSize: number; pageToken: string },
): Promise<ListModelInstancesResponse> {
  const { model: row, variations } = await visibleDetail(c, owner, model, seesPrivate)
  // the detail lists variations by framework, then slug; the cursor is the last one's key
  const key = (v: { framework: string; slug: string }) => `${v.framework}/${v.slug}`
  const after = paging.pageToken
    ? (await decodePageToken(c.env.PAGE_TOKEN_SECRET, paging.pageToken, instancesCursor)).k
    : undefined
  const ready = variations.filter((v) => v.latest && (after === undefined || key(v) > after))
  const page = ready.slice(0, paging.pageSize)
  const notes = await getVersionNotes(
    c.var.db,
    page.map((v) => v.latest!.id),
  )
  const origin = requestOrigin(c)
  const instances = page.map((v): KaggleModelInstance => {
    const instance = toApiInstance(v, {
      origin,
      ownerSlug: row.owner.slug,
      modelSlug: row.model.slug,
    })
    return {
      id: v.id,
      modelId: row.model.id,
      ownerSlug: row.owner.slug,
      modelSlug: row.model.slug,
      slug: v.slug,
      framework: instance.framework,
      ...(instance.fineTunable !== undefined ? { fineTunable: instance.fineTunable } : {}),
      overview: instance.overview,
      usage: instance.usage,
      versionId: instance.versionId,
      versionNumber: instance.versionNumber,
      versionNotes: notes.get(v.latest!.id) ?? '',
      totalUncompressedBytes: instance.totalUncompressedBytes,
      modelInstanceType: instance.modelInstanceType,
      url: instance.url,
      ...(row.license ? { license: { id: row.license.id, name: row.license.name } } : {}),
    }
  })
  return {
    instances,
    nextPageToken:
      ready.length > page.length
        ? await encodePageToken(c.env.PAGE_TOKEN_SECRET, { k: key(page.at(-1)!) })
        : '',
  }
}

const versionsCursor = z.object({ n: z.number().int() })

/** A page of a variation's ready versions, newest first (ListModelInstanceVersions). */
export async function versionsPage(
  c: Ctx,
  found: Variation,
  paging: { pageSize: number; pageToken: string },
): Promise<ListModelInstanceVersionsResponse> {
  const before = paging.pageToken
    ? (await decodePageToken(c.env.PAGE_TOKEN_SECRET, paging.pageToken, versionsCursor)).n
    : undefined
  const ready = (await listVersions(c.var.db, found.variation.id)).filter(
    (v) => v.status === 'ready' && (before === undefined || v.number < before),
  )
  const page = ready.slice(0, paging.pageSize)
  const { model, owner } = found.model
  const versions = page.map((v): KaggleModelInstanceVersion => ({
    id: v.id,
    modelId: model.id,
    modelInstanceId: found.variation.id,
    ownerSlug: owner.slug,
    modelSlug: model.slug,
    variationSlug: found.variation.slug,
    framework: frameworkEnum(found.variation.framework),
    versionNumber: v.number,
    modelTitle: model.title,
    isPrivate: model.isPrivate,
    isTfhubModel: model.provenance === 'tfhub',
    url: `${requestOrigin(c)}/models/${handlePath(found)}/${v.number}`,
  }))
  return {
    versionList: { versions },
    nextPageToken:
      ready.length > page.length
        ? await encodePageToken(c.env.PAGE_TOKEN_SECRET, { n: page.at(-1)!.number })
        : '',
  }
}
