// The bytes: one file of a version, the whole version as its prebuilt tar.gz, a version or a
// subset of it as a tar assembled on the fly, and a version's SHA256SUMS. These are the targets
// of the download redirects; they need no credentials for public models (docs/downloads.md).
import { pullWaitMs } from '../pull/request'
import { Hono, type Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import { getFile, listFiles } from '../../db/queries/models'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { filePathAfter } from '../lib/file-path'
import { pathMatcher } from '../lib/path-glob'
import { resolveVersionWithFiles } from '../services/resolve'
import { countDownload } from '../services/download-count'
import { serveRepresentation, storedObject } from '../services/serve-object'
import { virtualTar } from '../services/version-archive'
import { sha256sums } from '../services/sha256sums'
import { hasDownloadSignature } from '../services/signed-download'

// Kaggle's clients parse any application/json answer as an API reply, so file bytes always go
// out as octet-stream, model.json included (docs/kaggle-api.md, "File and archive responses").
const fileContentType = 'application/octet-stream'

// no error answer here may be kept by a cache (a 404 is cacheable by default, RFC 9110 15.1)
const neverCacheErrors = createMiddleware<AppEnv>(async (c, next) => {
  await next()
  if (c.res.status >= 400) c.res.headers.set('cache-control', 'no-store')
})

type Found = Awaited<ReturnType<typeof resolveVersionWithFiles>>

/** The version's files, all or those `?include=` globs choose; 404 when none is left. */
async function chosenFiles(c: Context<AppEnv>, found: Found) {
  const rows = await listFiles(c.var.db, found.version.id, Math.max(found.version.fileCount, 1))
  const matches = pathMatcher(c.req.queries('include') ?? [])
  const chosen = matches ? rows.filter((row) => matches(row.path)) : rows
  if (chosen.length === 0) {
    throw new ApiError(
      'NOT_FOUND',
      matches
        ? `no file of version ${found.version.number} matches include`
        : `Version ${found.version.number} has no files`,
    )
  }
  return { chosen, subset: matches !== null }
}

/** One file of a version, counted; also what TF Hub URLs answer. */
export async function serveVersionFile(c: Context<AppEnv>, found: Found, path: string) {
  const file = await getFile(c.var.db, found.version.id, path)
  if (!file)
    throw new ApiError('NOT_FOUND', `File ${path} not found in version ${found.version.number}`)
  const response = await serveRepresentation(
    c.req.raw,
    storedObject(c.env.BUCKET, {
      key: file.r2Key,
      size: file.size,
      sha256: file.sha256,
      md5: file.md5,
      contentType: fileContentType,
      filename: path.split('/').pop()!,
      lastModified: file.createdAt,
    }),
  )
  return countDownload(c, response, found.version.id)
}

/**
 * A version's archive: the prebuilt tar.gz (the default for the whole version, when built), or a
 * tar of it or of the `include` subset assembled on the fly; counted.
 */
export async function serveVersionArchive(
  c: Context<AppEnv>,
  found: Found,
  format: 'tar' | 'tar.gz' | undefined,
  wantsSubset = false,
) {
  const { version, variation, model } = found
  const name = `${model.model.slug}-${variation.framework}-${variation.slug}-v${version.number}`
  const mtime = version.publishedAt ?? version.createdAt
  const prebuilt = version.archiveKey && version.archiveSize !== null && version.archiveSha256
  if (format === 'tar.gz' || (format === undefined && !wantsSubset && prebuilt)) {
    if (!prebuilt) throw new ApiError('NOT_FOUND', `Version ${version.number} has no tar.gz`)
    const response = await serveRepresentation(
      c.req.raw,
      storedObject(c.env.BUCKET, {
        key: version.archiveKey!,
        size: version.archiveSize!,
        sha256: version.archiveSha256!,
        md5: version.archiveMd5,
        contentType: 'application/gzip',
        filename: `${name}.tar.gz`,
        lastModified: mtime,
      }),
    )
    return countDownload(c, response, version.id)
  }
  const { chosen, subset } = await chosenFiles(c, found)
  const tar = await virtualTar(
    c.env.BUCKET,
    chosen.map((row) => ({ path: row.path, size: row.size, sha256: row.sha256, key: row.r2Key })),
    mtime,
    `${name}${subset ? '-subset' : ''}.tar`,
  )
  return countDownload(c, await serveRepresentation(c.req.raw, tar), version.id)
}

/** A private model's bytes are seen with a signed URL (services/signed-download.ts) only. */
const signedSeesPrivate = async (c: Context<AppEnv>) =>
  (await hasDownloadSignature(c)) ? async () => true : undefined

// a private model's bytes are never kept by a shared cache
const privateNotShared = createMiddleware<AppEnv>(async (c, next) => {
  await next()
  if (c.req.query('signature') !== undefined && c.res.status < 400)
    c.res.headers.set('cache-control', 'private, no-store, no-transform')
})

const files = new Hono<AppEnv>()
  .use('/files/*', neverCacheErrors, privateNotShared)
  .use('/archives/*', neverCacheErrors, privateNotShared)
  .get('/files/:owner/:model/:framework/:variation/:version/*', async (c) => {
    const found = await resolveVersionWithFiles(c.var.db, c.env, c.req.param(), {
      seesPrivate: await signedSeesPrivate(c),
      waitMs: pullWaitMs(c.req.header('prefer')),
    })
    // /api/v1/files/:owner/:model/:framework/:variation/:version/<path>
    const path = filePathAfter(c.req.url, 8)
    return serveVersionFile(c, found, path)
  })
  .get('/archives/:owner/:model/:framework/:variation/:version/SHA256SUMS', async (c) => {
    const found = await resolveVersionWithFiles(c.var.db, c.env, c.req.param(), {
      seesPrivate: await signedSeesPrivate(c),
      waitMs: pullWaitMs(c.req.header('prefer')),
    })
    const { chosen } = await chosenFiles(c, found)
    const { version } = found
    return serveRepresentation(
      c.req.raw,
      await sha256sums(chosen, version.publishedAt ?? version.createdAt),
    )
  })
  .get('/archives/:owner/:model/:framework/:variation/:version', async (c) => {
    const format = c.req.query('format')
    if (format !== undefined && format !== 'tar' && format !== 'tar.gz') {
      throw new ApiError(
        'BAD_REQUEST',
        `format must be tar or tar.gz, got ${JSON.stringify(format)}`,
        [{ path: 'format', message: 'must be tar or tar.gz' }],
      )
    }
    const wantsSubset = (c.req.queries('include') ?? []).length > 0
    if (format === 'tar.gz' && wantsSubset) {
      throw new ApiError('BAD_REQUEST', 'gzip is offered only for the whole version, prebuilt', [
        { path: 'format', message: 'tar.gz takes no include' },
      ])
    }
    const found = await resolveVersionWithFiles(c.var.db, c.env, c.req.param(), {
      seesPrivate: await signedSeesPrivate(c),
      waitMs: pullWaitMs(c.req.header('prefer')),
    })
    return serveVersionArchive(c, found, format, wantsSubset)
  })

export default files
