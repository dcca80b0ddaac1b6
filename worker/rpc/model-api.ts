// models.ModelApiService: the catalog reads of Kaggle's RPC clients (kagglehub >= 0.4, kaggle CLI
// >= 1.8; docs/kaggle-api.md, "RPC"). Each method reads its body here and answers through
// worker/services/kaggle-answers.ts, as the legacy routes do. Private models are seen by whoever
// may act for their owner (`catalog.private`); to anyone else they are 404.
import type { Context } from 'hono'
import { pullWaitMs } from '../pull/request'
import { z } from 'zod'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { listModelsQuery } from '../routes/models.query'
import {
  archiveUrl,
  callerSeesPrivate,
  callerVariation,
  existingFileUrl,
  filesPage,
  instanceAnswer,
  instancesPage,
  latestNumber,
  modelAnswer,
  modelsPage,
  versionsPage,
} from '../services/kaggle-answers'
import { resolveVersionWithFiles } from '../services/resolve'
import { invalidRequest } from '../validate'
import { rpcBody, type RpcMethod } from './method'
import { findMovedHandle, movedSegments } from '../../db/queries/handle-aliases'
import { parseFramework } from '../vocabulary'

type Ctx = Context<AppEnv>

// proto3 defaults: a missing string is '', a missing number 0 (int64 may come as a digit string)
const text = (max = 200) => z.string().max(max).default('')
const count = z
  .union([
    z.number(),
    z
      .string()
      .regex(/^\d{1,10}$/, 'must be an integer')
      .transform(Number),
  ])
  .pipe(
    z
      .number()
      .int('must be an integer')
      .min(0, 'must not be negative')
      .max(2 ** 31 - 1),
  )
  .default(0)

const modelKey = { ownerSlug: text(), modelSlug: text() }
const variationKey = { ...modelKey, framework: text(), instanceSlug: text() }
const paging = { pageSize: count, pageToken: text(2000) }

/** Identifiers a method cannot do without: a missing one is a 400 naming it. */
function need<T extends Record<string, unknown>>(body: T, keys: (keyof T & string)[]) {
  const missing = keys.filter((k) => body[k] === '')
  if (missing.length)
    throw new ApiError(
      'BAD_REQUEST',
      `Invalid request: ${missing.map((k) => `${k}: required`).join('; ')}`,
      missing.map((k) => ({ path: k, message: 'required' })),
    )
  return body
}

/**
 * A handle that moved into a TF Hub family answers as its family's (docs/tfhub.md, "Old
 * handles"): Kaggle's RPC clients POST, so there is no redirect to follow; the body is read as if
 * it named the family's model, variation and version.
 */
async function followMoved<
  T extends {
    ownerSlug: string
    modelSlug: string
    framework?: string
    instanceSlug?: string
    versionNumber?: number
  },
>(c: Ctx, body: T): Promise<T> {
  const segments = [body.ownerSlug, body.modelSlug]
  if (body.framework && body.instanceSlug) {
    segments.push(parseFramework(body.framework) ?? body.framework, body.instanceSlug)
    if (body.versionNumber) segments.push(String(body.versionNumber))
  }
  const moved = await findMovedHandle(c.var.db, segments)
  if (!moved) return body
  const [ownerSlug, modelSlug, framework, instanceSlug, version] = movedSegments(segments, moved)
  return {
    ...body,
    ownerSlug: ownerSlug!,
    modelSlug: modelSlug!,
    ...(body.framework && body.instanceSlug ? { framework, instanceSlug } : {}),
    ...(version ? { versionNumber: Number(version) } : {}),
  }
}

/** A page size: 0 (absent) is the default; above the maximum is the maximum (Kaggle clamps). */
const pageSizeOf = (size: number, fallback: number, max: number) =>
  size === 0 ? fallback : Math.min(size, max)

const variationOf = (c: Ctx, body: z.infer<z.ZodObject<typeof variationKey>>) =>
  callerVariation(c, body.ownerSlug, body.modelSlug, body.framework, body.instanceSlug)

/** The version a body names, or the latest ready one when it names none (versionNumber 0). */
async function versionOf(
  c: Ctx,
  body: z.infer<z.ZodObject<typeof variationKey>> & { versionNumber: number },
) {
  const version = body.versionNumber || latestNumber(await variationOf(c, body))
  return resolveVersionWithFiles(
    c.var.db,
    c.env,
    {
      owner: body.ownerSlug,
      model: body.modelSlug,
      framework: body.framework,
      variation: body.instanceSlug,
      version: String(version),
    },
    { seesPrivate: callerSeesPrivate(c), waitMs: pullWaitMs(c.req.header('prefer')) },
  )
}

const listModelsBody = z.object({
  search: text(500),
  sortBy: text(),
  owner: text(),
  ...paging,
})
const versionFilesBody = z.object({ ...variationKey, versionNumber: count, ...paging })
const downloadBody = z.object({ ...variationKey, versionNumber: count, path: text(4096) })

async function getModel(c: Ctx) {
  const body = await followMoved(
    c,
    need(await rpcBody(c, z.object(modelKey)), ['ownerSlug', 'modelSlug']),
  )
  return c.json(await modelAnswer(c, body.ownerSlug, body.modelSlug, callerSeesPrivate(c)), 200)
}

/** The CLI's `models list`: the same search as /models/list (public models). */
async function listModels(c: Ctx) {
  const body = await rpcBody(c, listModelsBody)
  const query = listModelsQuery.safeParse({
    search: body.search,
    sortBy: body.sortBy,
    owner: body.owner,
    pageSize: String(pageSizeOf(body.pageSize, 20, 100)),
    pageToken: body.pageToken,
  })
  if (!query.success) throw invalidRequest(query.error)
  const { search, sortBy, maxSize, pageSize, pageToken, facets, ...filters } = query.data
  const page = await modelsPage(c, {
    search,
    sortBy,
    filters,
    maxSizeBytes: maxSize,
    pageSize,
    pageToken,
    facets,
  })
  return c.json(page, 200)
}

async function getModelInstance(c: Ctx) {
  const body = await followMoved(
    c,
    need(await rpcBody(c, z.object(variationKey)), [
      'ownerSlug',
      'modelSlug',
      'framework',
      'instanceSlug',
    ]),
  )
  return c.json(instanceAnswer(c, await variationOf(c, body)), 200)
}

async function listModelInstances(c: Ctx) {
  const body = await followMoved(
    c,
    need(await rpcBody(c, z.object({ ...modelKey, ...paging })), ['ownerSlug', 'modelSlug']),
  )
  const page = await instancesPage(c, body.ownerSlug, body.modelSlug, callerSeesPrivate(c), {
    pageSize: pageSizeOf(body.pageSize, 20, 100),
    pageToken: body.pageToken,
  })
  return c.json(page, 200)
}

async function listModelInstanceVersions(c: Ctx) {
  const body = await followMoved(
    c,
    need(await rpcBody(c, z.object({ ...variationKey, ...paging })), [
      'ownerSlug',
      'modelSlug',
      'framework',
      'instanceSlug',
    ]),
  )
  const page = await versionsPage(c, await variationOf(c, body), {
    pageSize: pageSizeOf(body.pageSize, 20, 100),
    pageToken: body.pageToken,
  })
  return c.json(page, 200)
}

/** kagglehub before a download (pageSize 25), the CLI's `files` (no versionNumber: the latest). */
async function listModelInstanceVersionFiles(c: Ctx) {
  const body = await followMoved(
    c,
    need(await rpcBody(c, versionFilesBody), [
      'ownerSlug',
      'modelSlug',
      'framework',
      'instanceSlug',
    ]),
  )
  const found = await versionOf(c, body)
  const page = await filesPage(c, found, {
    pageSize: pageSizeOf(body.pageSize, 1000, 1000),
    pageToken: body.pageToken,
  })
  return c.json(page, 200)
}

/**
 * 302 to one file's bytes (`path`), or to the version's tar.gz (no `path`). Never 307/308: the
 * client would send its POST and body again to the file URL (docs/kaggle-api.md, "Downloads").
 */
async function downloadModelInstanceVersion(c: Ctx) {
  const body = await followMoved(
    c,
    need(await rpcBody(c, downloadBody), ['ownerSlug', 'modelSlug', 'framework', 'instanceSlug']),
  )
  const found = await versionOf(c, body)
  const url = body.path ? await existingFileUrl(c, found, body.path) : await archiveUrl(c, found)
  return c.redirect(url, 302)
}

const service = 'models.ModelApiService'

export const modelApiMethods: Record<string, RpcMethod> = {
  [`${service}/GetModel`]: { action: 'catalog.read', handler: getModel },
  [`${service}/ListModels`]: { action: 'catalog.read', handler: listModels },
  [`${service}/GetModelInstance`]: { action: 'catalog.read', handler: getModelInstance },
  [`${service}/ListModelInstances`]: { action: 'catalog.read', handler: listModelInstances },
  [`${service}/ListModelInstanceVersions`]: {
    action: 'catalog.read',
    handler: listModelInstanceVersions,
  },
  [`${service}/ListModelInstanceVersionFiles`]: {
    action: 'catalog.read',
    handler: listModelInstanceVersionFiles,
  },
  [`${service}/DownloadModelInstanceVersion`]: {
    action: 'catalog.read',
    handler: downloadModelInstanceVersion,
  },
}
