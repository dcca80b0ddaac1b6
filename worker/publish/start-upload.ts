// StartBlobUpload and `POST /api/v1/blobs/upload`: a new upload session for one file, and the
// URL its bytes go to (the token in it is the capability: the PUT carries no credentials).
import type { Context } from 'hono'
import type { z } from 'zod'
import { createUploadSession, uploadedBytesOf } from '../../db/queries/uploads'
import { randomToken } from '../accounts/crypto'
import { currentUser } from '../accounts/permissions'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { safeStoredPath, UnsafePathError } from '../lib/file-path'
import { requestOrigin } from '../services/kaggle-answers'
import { uploadLimits } from './limits'
import type { startUploadRequest } from './requests'

/** A file's name as uploaded: one safe path segment (folders come with the create call). */
function uploadName(raw: string) {
  try {
    const name = safeStoredPath(raw)
    if (!name.includes('/')) return name
  } catch (err) {
    if (!(err instanceof UnsafePathError)) throw err
    throw new ApiError('BAD_REQUEST', `unsafe file name: ${err.message}`, [
      { path: 'name', message: err.message },
    ])
  }
  throw new ApiError('BAD_REQUEST', 'a file name is one path segment, without "/"', [
    { path: 'name', message: 'has a "/"' },
  ])
}

export async function startUpload(c: Context<AppEnv>, request: z.infer<typeof startUploadRequest>) {
  const { user } = currentUser(c)
  const limits = uploadLimits(c.env)
  const name = uploadName(request.name)
  const size = request.contentLength
  if (size > limits.maxFileBytes)
    throw new ApiError(
      'PAYLOAD_TOO_LARGE',
      `the file is ${size} bytes; the largest file allowed is ${limits.maxFileBytes} bytes`,
    )
  const used = await uploadedBytesOf(c.var.db, user.id)
  if (used + size > limits.userQuotaBytes)
    throw new ApiError(
      'PAYLOAD_TOO_LARGE',
      `storage quota exceeded: ${used} of ${limits.userQuotaBytes} bytes used, this file needs ${size}`,
    )
  const token = randomToken()
  const r2Key = `uploads/${token}`
  const multipart = await c.env.BUCKET.createMultipartUpload(r2Key, {
    httpMetadata: { contentType: 'application/octet-stream' },
  })
  const expiresAt = new Date(Date.now() + limits.uploadTtlMs)
  await createUploadSession(c.var.db, {
    token,
    userId: user.id,
    fileName: name,
    contentLength: size,
    r2Key,
    multipartId: multipart.uploadId,
    declaredSha256: request.sha256 ?? null,
    expiresAt,
  })
  return {
    token,
    createUrl: `${requestOrigin(c)}/api/v1/uploads/${token}`,
    expiresAt: expiresAt.toISOString(),
  }
}
