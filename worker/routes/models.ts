// The model catalog on Kaggle's legacy REST paths (docs/kaggle-api.md, "Routes"): list, get model, get
// variation, versions, files, and the download redirects.
import { Hono } from 'hono'
import { hasVotedModel } from '../../db/queries/votes'
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
import {
  toApiFile,
  toApiInstance,
  toApiModel,
  toApiNotebook,
  toApiOwner,
  toApiVersion,
} from '../serialize'
import {
  handlePath,
  resolveVariation,
  resolveVersion,
  resolveVersionWithFiles,
} from '../services/resolve'
import { encodeFilePath, filePathAfter } from '../lib/file-path'
import { searchModels } from '../search'
import { legacyQuery } from '../validate'
import { filesCursor, listFilesQuery, listModelsQuery } from './models.query'

const origin = (url: string) => new URL(url).origin

const models = new Hono<AppEnv>()
  // a repeated filter's values are joined: framework=tfJs&framework=tfLite is framework=tfJs,tfLite
  .get('/list', legacyQuery(listModelsQuery, { joinRepeated: true }), async (c) => {
    const { search, sortBy, maxSize, pageSize, pageToken, facets, ...filters } =
      c.req.valid('query')
    const page = await searchModels(c.var.db, c.env.BUCKET, {
      search,
      sortBy,
      filters,
      maxSizeBytes: maxSize,
      pageSize,
      pageToken,
      facets,
    })
    const body: ListModelsResponse = {
      models: page.entries.map((entry) =>
        toApiModel(entry, {
          origin: origin(c.req.url),
          tags: entry.tags,
          frameworks: entry.frameworks,
          card: false,
        }),
      ),
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
    const context = {
      origin: origin(c.req.url),
      ownerSlug: row.owner.slug,
      modelSlug: row.model.slug,
      licenseName: row.license?.name,
    }
    const body: ApiModel = {
      ...toApiModel(row, {
        origin: context.origin,
        tags,
        frameworks: [...new Set(ready.map((v) => v.framework))],
      }),
      instances: ready.map((v) => toApiInstance(v, context)),
      owner: toApiOwner(row.owner, context.origin),
      notebooks: notebooks.map(toApiNotebook),
      hasVoted:
        c.var.actor.kind === 'user' &&
        (await hasVotedModel(c.var.db, c.var.actor.user.id, row.model.id)),
    }
    return c.json(body, 200)
  })
  .get('/:owner/:model/:framework/:variation/get', async (c) => {
    const { owner, model, framework, variation } = c.req.param()
    const found = await resolveVariation(c.var.db, owner, model, framework, variation)
    // kagglehub needs versionNumber >= 1; a variation with nothing ready does not exist for it
    if (!found.variation.latest)
      throw new ApiError('NOT_FOUND', `Variation ${handlePath(found)} has no ready version`)
    const context = {
      origin: origin(c.req.url),
      ownerSlug: found.model.owner.slug,
      modelSlug: found.model.model.slug,
      licenseName: found.model.license?.name,
    }
    return c.json(toApiInstance(found.variation, context), 200)
  })
  .get('/:owner/:model/:framework/:variation/versions', async (c) => {
    const { owner, model, framework, variation } = c.req.param()
    const found = await resolveVariation(c.var.db, owner, model, framework, variation)
    const apiBase = `${origin(c.req.url)}/api/v1`
    const versions = (await listVersions(c.var.db, found.variation.id)).filter(
      (v) => v.status === 'ready',
    )
    const body: ListVersionsResponse = {
      versions: versions.map((v) => toApiVersion(v, handlePath(found), apiBase)),
    }
    return c.json(body, 200)
  })
  // CLI 1.7 lists the latest version's files without naming it
  .get('/:owner/:model/:framework/:variation/files', legacyQuery(listFilesQuery), async (c) => {
    const { owner, model, framework, variation } = c.req.param()
    const found = await resolveVariation(c.var.db, owner, model, framework, variation)
    if (!found.variation.latest)
      throw new ApiError('NOT_FOUND', `Variation ${handlePath(found)} has no ready version`)
    const version = String(found.variation.latest.number)
    const resolved = await resolveVersionWithFiles(c.var.db, c.env, {
      owner,
      model,
      framework,
      variation,
      version,
    })
    return c.json(await filesPage(c.var.db, resolved, c.req.valid('query'), origin(c.req.url)), 200)
  })
  .get(
    '/:owner/:model/:framework/:variation/:version/files',
    legacyQuery(listFilesQuery),
    async (c) => {
      const found = await resolveVersionWithFiles(c.var.db, c.env, c.req.param())
      return c.json(await filesPage(c.var.db, found, c.req.valid('query'), origin(c.req.url)), 200)
    },
  )
  .get('/:owner/:model/:framework/:variation/:version/download', async (c) => {
    const found = await resolveVersionWithFiles(c.var.db, c.env, c.req.param())
    if (!found.version.archiveKey)
      throw new ApiError(
        'NOT_FOUND',
        `Version ${found.version.number} of ${handlePath(found)} has no files`,
      )
    // Kaggle's clients expect a 302 to the bytes, never a 307/308 (docs/kaggle-api.md, "Downloads")
    return c.redirect(
      `${origin(c.req.url)}/api/v1/archives/${handlePath(found)}/${found.version.number}`,
      302,
    )
  })
  .get('/:owner/:model/:framework/:variation/:version/download/*', async (c) => {
    const found = await resolveVersion(c.var.db, c.req.param())
    // /api/v1/models/:owner/:model/:framework/:variation/:version/download/<path>
    const path = filePathAfter(c.req.url, 9)
    return c.redirect(
      `${origin(c.req.url)}/api/v1/files/${handlePath(found)}/${found.version.number}/${encodeFilePath(path)}`,
      302,
    )
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
