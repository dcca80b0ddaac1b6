// The model catalog on Kaggle's legacy REST paths (KAGGLE-API.md §3): list, get model, get
// variation, versions, files, and the download redirects.
import { Hono } from 'hono'
import { z } from 'zod'
import {
  frameworksOfModels,
  listFiles,
  listModels,
  listNotebooks,
  listVariations,
  listVersions,
  tagsOfModels,
  type ListCursor,
} from '../../db/queries/models'
import type {
  ApiModel,
  ListFilesResponse,
  ListModelsResponse,
  ListVersionsResponse,
} from '../api-types'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { toFtsQuery } from '../lib/fts-query'
import { decodePageToken, encodePageToken } from '../lib/page-token'
import { toApiFile, toApiInstance, toApiModel, toApiNotebook, toApiOwner, toApiVersion } from '../serialize'
import { handlePath, resolveModel, resolveVariation, resolveVersion, resolveVersionWithFiles } from '../services/resolve'
import { encodeFilePath, filePathAfter } from '../lib/file-path'
import { legacyQuery } from '../validate'

// Kaggle's sortBy spellings: camelCase, lower snake (CLI 1.7) and LIST_MODELS_ORDER_BY_* (RPC)
const sortNames: Record<string, ListCursorSort> = {
  '': 'default',
  unspecified: 'default',
  hotness: 'hotness',
  downloadcount: 'downloadCount',
  votecount: 'voteCount',
  notebookcount: 'notebookCount',
  publishtime: 'publishTime',
  createtime: 'createTime',
  updatetime: 'updateTime',
  relevance: 'relevance',
}
type ListCursorSort = 'default' | 'hotness' | 'downloadCount' | 'voteCount' | 'notebookCount' | 'publishTime' | 'createTime' | 'updateTime' | 'relevance'

const listModelsQuery = z.object({
  search: z.string().max(500, 'must be at most 500 characters').default(''),
  owner: z.string().max(100).default(''),
  sortBy: z
    .string()
    .default('')
    .transform((value, ctx) => {
      const sort = sortNames[value.toLowerCase().replace(/^list_models_order_by_/, '').replace(/_/g, '')]
      if (!sort) {
        ctx.addIssue({ code: 'custom', message: `unknown sort order; use one of ${Object.keys(sortNames).filter(Boolean).join(', ')}` })
        return z.NEVER
      }
      return sort
    }),
  pageSize: z.coerce.number().int('must be an integer').min(1, 'must be at least 1').max(100, 'must be at most 100').default(20),
  pageToken: z.string().default(''),
})

const listFilesQuery = z.object({
  pageSize: z.coerce.number().int('must be an integer').min(1, 'must be at least 1').max(1000, 'must be at most 1000').default(1000),
  pageToken: z.string().default(''),
})

interface ModelsCursor extends ListCursor {
  s: string
}
const isModelsCursor = (v: unknown): v is ModelsCursor =>
  typeof v === 'object' && v !== null && typeof (v as ModelsCursor).s === 'string' &&
  typeof (v as ModelsCursor).value === 'number' && Number.isInteger((v as ModelsCursor).id)
const isFilesCursor = (v: unknown): v is { p: string } => typeof v === 'object' && v !== null && typeof (v as { p: string }).p === 'string'

const origin = (url: string) => new URL(url).origin

const models = new Hono<AppEnv>()
  .get('/list', legacyQuery(listModelsQuery), async (c) => {
    const query = c.req.valid('query')
    const match = toFtsQuery(query.search)
    const sort = query.sortBy === 'default' ? (match ? 'relevance' : 'hotness') : query.sortBy
    if (sort === 'relevance' && !match) throw new ApiError('BAD_REQUEST', 'sortBy relevance needs a search', [{ path: 'sortBy', message: 'relevance needs a search' }])
    const after = query.pageToken ? decodePageToken(query.pageToken, isModelsCursor) : undefined
    if (after && after.s !== sort) {
      throw new ApiError('BAD_REQUEST', 'pageToken belongs to another sort order', [{ path: 'pageToken', message: 'sort order changed' }])
    }
    const page = await listModels(c.var.db, { match, ownerSlug: query.owner || undefined, sort, limit: query.pageSize, after })
    const ids = page.rows.map((r) => r.id)
    const [tags, frameworks] = await Promise.all([tagsOfModels(c.var.db, ids), frameworksOfModels(c.var.db, ids)])
    const body: ListModelsResponse = {
      models: page.rows.map((row) => toApiModel(row, { origin: origin(c.req.url), tags: tags.get(row.id) ?? [], frameworks: frameworks.get(row.id) ?? [] })),
      nextPageToken: page.last ? encodePageToken({ s: sort, value: page.last.sortValue, id: page.last.id }) : '',
      totalResults: page.total,
    }
    return c.json(body, 200)
  })
  .get('/:owner/:model/get', async (c) => {
    const { owner, model } = c.req.param()
    const row = await resolveModel(c.var.db, owner, model)
    const [tags, variations, notebooks] = await Promise.all([
      tagsOfModels(c.var.db, [row.id]),
      listVariations(c.var.db, row.id),
      listNotebooks(c.var.db, row.id),
    ])
    const ready = variations.filter((v) => v.latest)
    const context = { origin: origin(c.req.url), ownerSlug: row.owner.slug, modelSlug: row.model.slug, licenseName: row.license?.name }
    const body: ApiModel = {
      ...toApiModel(row, { origin: context.origin, tags: tags.get(row.id) ?? [], frameworks: [...new Set(ready.map((v) => v.framework))] }),
      instances: ready.map((v) => toApiInstance(v, context)),
      owner: toApiOwner(row.owner, context.origin),
      notebooks: notebooks.map(toApiNotebook),
    }
    return c.json(body, 200)
  })
  .get('/:owner/:model/:framework/:variation/get', async (c) => {
    const { owner, model, framework, variation } = c.req.param()
    const found = await resolveVariation(c.var.db, owner, model, framework, variation)
    // kagglehub needs versionNumber >= 1; a variation with nothing ready does not exist for it
    if (!found.variation.latest) throw new ApiError('NOT_FOUND', `Variation ${handlePath(found)} has no ready version`)
    const context = { origin: origin(c.req.url), ownerSlug: found.model.owner.slug, modelSlug: found.model.model.slug, licenseName: found.model.license?.name }
    return c.json(toApiInstance(found.variation, context), 200)
  })
  .get('/:owner/:model/:framework/:variation/versions', async (c) => {
    const { owner, model, framework, variation } = c.req.param()
    const found = await resolveVariation(c.var.db, owner, model, framework, variation)
    const apiBase = `${origin(c.req.url)}/api/v1`
    const versions = (await listVersions(c.var.db, found.variation.id)).filter((v) => v.status === 'ready')
    const body: ListVersionsResponse = { versions: versions.map((v) => toApiVersion(v, handlePath(found), apiBase)) }
    return c.json(body, 200)
  })
  // CLI 1.7 lists the latest version's files without naming it
  .get('/:owner/:model/:framework/:variation/files', legacyQuery(listFilesQuery), async (c) => {
    const { owner, model, framework, variation } = c.req.param()
    const found = await resolveVariation(c.var.db, owner, model, framework, variation)
    if (!found.variation.latest) throw new ApiError('NOT_FOUND', `Variation ${handlePath(found)} has no ready version`)
    const version = String(found.variation.latest.number)
    const resolved = await resolveVersionWithFiles(c.var.db, c.env, { owner, model, framework, variation, version })
    return c.json(await filesPage(c.var.db, resolved, c.req.valid('query'), origin(c.req.url)), 200)
  })
  .get('/:owner/:model/:framework/:variation/:version/files', legacyQuery(listFilesQuery), async (c) => {
    const found = await resolveVersionWithFiles(c.var.db, c.env, c.req.param())
    return c.json(await filesPage(c.var.db, found, c.req.valid('query'), origin(c.req.url)), 200)
  })
  .get('/:owner/:model/:framework/:variation/:version/download', async (c) => {
    const found = await resolveVersionWithFiles(c.var.db, c.env, c.req.param())
    if (!found.version.archiveKey) throw new ApiError('NOT_FOUND', `Version ${found.version.number} of ${handlePath(found)} has no files`)
    // Kaggle's clients expect a 302 to the bytes, never a 307/308 (KAGGLE-API.md §6.2)
    return c.redirect(`${origin(c.req.url)}/api/v1/archives/${handlePath(found)}/${found.version.number}`, 302)
  })
  .get('/:owner/:model/:framework/:variation/:version/download/*', async (c) => {
    const found = await resolveVersion(c.var.db, c.req.param())
    // /api/v1/models/:owner/:model/:framework/:variation/:version/download/<path>
    const path = filePathAfter(c.req.url, 9)
    return c.redirect(`${origin(c.req.url)}/api/v1/files/${handlePath(found)}/${found.version.number}/${encodeFilePath(path)}`, 302)
  })

async function filesPage(
  db: AppEnv['Variables']['db'],
  found: Awaited<ReturnType<typeof resolveVersion>>,
  query: z.infer<typeof listFilesQuery>,
  requestOrigin: string,
): Promise<ListFilesResponse> {
  const after = query.pageToken ? decodePageToken(query.pageToken, isFilesCursor).p : undefined
  const rows = await listFiles(db, found.version.id, query.pageSize + 1, after)
  const page = rows.slice(0, query.pageSize)
  const versionUrl = `${requestOrigin}/api/v1/files/${handlePath(found)}/${found.version.number}`
  return {
    files: page.map((f) => toApiFile(f, versionUrl)),
    nextPageToken: rows.length > query.pageSize ? encodePageToken({ p: page.at(-1)!.path }) : '',
    totalResults: found.version.fileCount,
    totalBytes: found.version.totalBytes,
  }
}

export default models
