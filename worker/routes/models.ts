// The model catalog on Kaggle's legacy REST paths (KAGGLE-API.md §3): list, get model, get
// variation, versions, files, and the download redirects.
import { Hono } from 'hono'
import { z } from 'zod'
import { getModelDetail, listFiles, listVersions } from '../../db/queries/models'
import type {
  ApiModel,
  ListFilesResponse,
  ListModelsResponse,
  ListVersionsResponse,
} from '../api-types'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { decodePageToken, encodePageToken } from '../lib/page-token'
import { toApiFile, toApiInstance, toApiModel, toApiNotebook, toApiOwner, toApiVersion } from '../serialize'
import { handlePath, resolveVariation, resolveVersion, resolveVersionWithFiles } from '../services/resolve'
import { encodeFilePath, filePathAfter } from '../lib/file-path'
import { validator } from 'hono/validator'
import { searchModels } from '../search'
import { invalid, legacyQuery } from '../validate'
import {
  facetGroups,
  licenceRights,
  parseFramework,
  provenances,
  sizeBuckets,
  type FacetGroup,
  type SearchSort,
} from '../vocabulary'

// Kaggle's sortBy spellings: camelCase, lower snake (CLI 1.7) and LIST_MODELS_ORDER_BY_* (RPC)
const sortNames: Record<string, ListSort> = {
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
type ListSort = 'default' | SearchSort

const rightNames = licenceRights.map((r) => r.value)
const sizeUnits: Record<string, number> = { '': 1, b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, tib: 2 ** 40 }

// a comma-separated list (repeated parameters arrive joined by commas)
const list = (each?: (value: string, ctx: z.RefinementCtx) => string | undefined) =>
  z
    .string()
    .max(2000)
    .default('')
    .transform((raw, ctx) => {
      const values = raw.split(',').map((v) => v.trim()).filter(Boolean).slice(0, 50)
      return each ? values.map((v) => each(v, ctx)).filter((v): v is string => v !== undefined) : values
    })
const oneOf = (allowed: readonly string[]) => (value: string, ctx: z.RefinementCtx) => {
  const v = value.toLowerCase()
  if (allowed.includes(v)) return v
  ctx.addIssue({ code: 'custom', message: `unknown value '${value}'; use one of ${allowed.join(', ')}` })
  return undefined
}

const listModelsQuery = z.object({
  search: z.string().max(500, 'must be at most 500 characters').default(''),
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
  owner: list((v) => v.toLowerCase()),
  framework: list((value, ctx) => {
    const slug = parseFramework(value)
    if (!slug) ctx.addIssue({ code: 'custom', message: `unknown framework '${value}'` })
    return slug ?? undefined
  }),
  task: list((v) => v.toLowerCase()),
  dataType: list((v) => v.toLowerCase()),
  language: list((v) => v.toLowerCase()),
  dataset: list((v) => v.toLowerCase()),
  architecture: list((v) => v.toLowerCase()),
  license: list((v) => v.toLowerCase()),
  rights: list(oneOf(rightNames)),
  fineTunable: list(oneOf(['true', 'false'])),
  size: list(oneOf(sizeBuckets)),
  provenance: list(oneOf(provenances)),
  documented: list(oneOf(['true'])),
  // "fits in N GB": bytes, or a number with a unit (4GB, 500MB, 8GiB)
  maxSize: z
    .string()
    .default('')
    .transform((raw, ctx) => {
      if (!raw) return undefined
      const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]i?b|b)?\s*$/i.exec(raw)
      if (!m) {
        ctx.addIssue({ code: 'custom', message: 'must be bytes or a size such as 4GB or 500MB' })
        return z.NEVER
      }
      return Math.floor(Number(m[1]) * sizeUnits[(m[2] ?? '').toLowerCase()]!)
    }),
  // 1 for every group, or the groups wanted: facets=framework,task
  facets: list((value, ctx) => {
    if (['1', 'true', 'yes'].includes(value.toLowerCase())) return 'all'
    const group = facetGroups.find((g) => g.toLowerCase() === value.toLowerCase())
    if (!group) ctx.addIssue({ code: 'custom', message: `unknown facet group '${value}'; use 1 or some of ${facetGroups.join(', ')}` })
    return group
  }),
})

const listFilesQuery = z.object({
  pageSize: z.coerce.number().int('must be an integer').min(1, 'must be at least 1').max(1000, 'must be at most 1000').default(1000),
  pageToken: z.string().default(''),
})

/** legacyQuery for the list: the same lenient names, and a repeated parameter's values joined by commas. */
function listQuery<T extends z.ZodObject>(schema: T) {
  const names = new Map(Object.keys(schema.shape).map((name) => [name.toLowerCase().replace(/_/g, ''), name]))
  return validator('query', (query): z.infer<T> => {
    const input: Record<string, string> = {}
    for (const [key, value] of Object.entries(query)) {
      const name = names.get(key.toLowerCase().replace(/_/g, ''))
      const values = (Array.isArray(value) ? value : [value]).filter((v): v is string => v !== undefined)
      if (name && values.length) input[name] = [input[name], ...values].filter(Boolean).join(',')
    }
    const parsed = schema.safeParse(input)
    if (parsed.success) return parsed.data
    throw invalid(parsed.error)
  })
}

const filesCursor = z.object({ p: z.string() })

const origin = (url: string) => new URL(url).origin

const models = new Hono<AppEnv>()
  .get('/list', listQuery(listModelsQuery), async (c) => {
    const { search, sortBy, maxSize, pageSize, pageToken, facets: groups, ...filters } = c.req.valid('query')
    const facets = groups.includes('all') ? true : (groups as FacetGroup[])
    const page = await searchModels(c.var.db, c.env.BUCKET, {
      search, sortBy, filters, maxSizeBytes: maxSize, pageSize, pageToken, facets: facets === true || facets.length ? facets : false,
    })
    const body: ListModelsResponse = {
      models: page.entries.map((entry) => toApiModel(entry, { origin: origin(c.req.url), tags: entry.tags, frameworks: entry.frameworks, card: false })),
      nextPageToken: page.nextPageToken,
      totalResults: page.total,
    }
    if (page.facets) body.facets = page.facets
    return c.json(body, 200)
  })
  .get('/:owner/:model/get', async (c) => {
    const { owner, model } = c.req.param()
    const detail = await getModelDetail(c.var.db, owner, model)
    if (!detail) throw new ApiError('NOT_FOUND', `Model ${owner}/${model} not found`)
    const { model: row, tags, variations, notebooks } = detail
    const ready = variations.filter((v) => v.latest)
    const context = { origin: origin(c.req.url), ownerSlug: row.owner.slug, modelSlug: row.model.slug, licenseName: row.license?.name }
    const body: ApiModel = {
      ...toApiModel(row, { origin: context.origin, tags, frameworks: [...new Set(ready.map((v) => v.framework))] }),
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
  const after = query.pageToken ? decodePageToken(query.pageToken, filesCursor).p : undefined
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
