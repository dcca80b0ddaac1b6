// The last part of an upload is in: complete the R2 multipart upload, know the file's hashes
// (from the stream, or by reading the object back when the upload was resumed), check them
// against what the client declared, and mark the upload complete. Nothing is visible to anyone
// until a create call makes the file part of a version.
import type { Context } from 'hono'
import {
  markUploadAborted,
  markUploadComplete,
  type StoredPart,
  type UploadSession,
} from '../../db/queries/uploads'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { hashObject, type Hashes } from './stream-hasher'

const blobKey = (sha256: string) => `blobs/sha256/${sha256}`

export async function finishUpload(
  c: Context<AppEnv>,
  session: UploadSession,
  parts: StoredPart[],
  streamed: Hashes | undefined,
) {
  const bucket = c.env.BUCKET
  const multipart = bucket.resumeMultipartUpload(session.r2Key, session.multipartId!)
  const object = await multipart.complete(parts)
  const hashes = streamed ?? (await hashObject(bucket, session.r2Key))
  const refuse = async (message: string) => {
    await bucket.delete(session.r2Key)
    await markUploadAborted(c.var.db, session.token)
    throw new ApiError('BAD_REQUEST', message, [{ path: 'body', message }])
  }
  if (object.size !== session.contentLength)
    await refuse(`stored ${object.size} bytes, declared ${session.contentLength}`)
  if (session.declaredSha256 && session.declaredSha256 !== hashes.sha256)
    await refuse('the bytes do not match the declared sha256')
  // the same bytes stored before: keep one copy
  let r2Key = session.r2Key
  if (await bucket.head(blobKey(hashes.sha256))) {
    await bucket.delete(session.r2Key)
    r2Key = blobKey(hashes.sha256)
  }
  await markUploadComplete(c.var.db, session.token, {
    r2Key,
    sha256: hashes.sha256,
    md5: hashes.md5,
    receivedBytes: session.contentLength,
  })
}
