// The bytes: one file of a version, or the whole version as a tar.gz, streamed from R2.
// These are the targets of the download redirects; they need no credentials for public models.
import { Hono } from 'hono'
import { getFile } from '../../db/queries/models'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { filePathAfter } from '../lib/file-path'
import { resolveVersionWithFiles } from '../services/resolve'
import { countWhenDelivered } from '../services/download-count'
import { serveObject } from '../services/serve-object'

// Kaggle's clients parse any application/json answer as an API reply, so file bytes always go
// out as octet-stream, model.json included (docs/kaggle-api.md, "File and archive responses").
const fileContentType = 'application/octet-stream'

const files = new Hono<AppEnv>()
  .get('/files/:owner/:model/:framework/:variation/:version/*', async (c) => {
    const found = await resolveVersionWithFiles(c.var.db, c.env, c.req.param())
    // /api/v1/files/:owner/:model/:framework/:variation/:version/<path>
    const path = filePathAfter(c.req.url, 8)
    const file = await getFile(c.var.db, found.version.id, path)
    if (!file)
      throw new ApiError('NOT_FOUND', `File ${path} not found in version ${found.version.number}`)
    const response = await serveObject(c.req.raw, c.env.BUCKET, {
      key: file.r2Key,
      size: file.size,
      sha256: file.sha256,
      md5: file.md5,
      contentType: fileContentType,
      filename: path.split('/').pop()!,
      lastModified: file.createdAt,
    })
    return countWhenDelivered(c, response, found.version.id)
  })
  .get('/archives/:owner/:model/:framework/:variation/:version', async (c) => {
    const found = await resolveVersionWithFiles(c.var.db, c.env, c.req.param())
    const { version, variation, model } = found
    if (!version.archiveKey || version.archiveSize === null || !version.archiveSha256) {
      throw new ApiError('NOT_FOUND', `Version ${version.number} has no files`)
    }
    const response = await serveObject(c.req.raw, c.env.BUCKET, {
      key: version.archiveKey,
      size: version.archiveSize,
      sha256: version.archiveSha256,
      md5: version.archiveMd5,
      contentType: 'application/gzip',
      filename: `${model.model.slug}-${variation.framework}-${variation.slug}-v${version.number}.tar.gz`,
      lastModified: version.publishedAt ?? version.createdAt,
    })
    return countWhenDelivered(c, response, version.id)
  })

export default files
