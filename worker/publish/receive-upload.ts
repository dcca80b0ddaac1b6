// The upload target: `PUT /api/v1/uploads/{token}` streams a file's bytes into the R2 multipart
// upload of its session, part by part, and answers the resume probe (docs/publishing.md,
// "Uploads"). Only whole parts are kept: the bytes of a part cut off by a dropped connection are
// sent again after the probe. At most two parts are held in memory.
import type { Context } from 'hono'
import {
  getUploadSession,
  markUploadAborted,
  type StoredPart,
  type UploadSession,
} from '../../db/queries/uploads'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { parseContentRange } from './content-range'
import { finishUpload } from './finish-upload'
import { streamHasher, type Hashes } from './stream-hasher'

import { partUploads, uploadPartSize, type PartUploads } from './part-uploads'

// the least a read of the body waits for: fewer, bigger pieces through JS and the hashes
const readPiece = 1024 * 1024

/** 308 Resume Incomplete, with the bytes stored so far (none: no Range at all). */
function incomplete(received: number) {
  const headers: Record<string, string> = { 'content-length': '0' }
  if (received > 0) headers.range = `bytes=0-${received - 1}`
  return new Response(null, { status: 308, headers })
}

const finished = (c: Context<AppEnv>, session: Pick<UploadSession, 'token' | 'contentLength'>) =>
  c.json({ token: session.token, size: session.contentLength }, 200)

async function openSession(c: Context<AppEnv>, token: string) {
  const session = await getUploadSession(c.var.db, token)
  if (!session || session.status === 'aborted' || session.expiresAt.getTime() < Date.now())
    throw new ApiError('NOT_FOUND', 'no such upload (unknown, expired or cancelled)')
  return session
}

export async function receiveUpload(c: Context<AppEnv>, token: string): Promise<Response> {
  const session = await openSession(c, token)
  const range = parseContentRange(c.req.header('content-range'))
  const total = session.contentLength
  if (range.kind !== 'whole' && range.total !== total)
    throw new ApiError('BAD_REQUEST', `this upload was declared as ${total} bytes`, [
      { path: 'Content-Range', message: 'the total differs from the declared length' },
    ])
  // a finished upload answers every PUT as done, so a client that lost the answer can go on
  if (session.status !== 'open') return finished(c, session)
  if (range.kind === 'probe') return incomplete(session.receivedBytes)
  const start = range.kind === 'bytes' ? range.start : 0
  // a gap before the sent bytes: the client must resume from what is stored
  if (start > session.receivedBytes) return incomplete(session.receivedBytes)
  const { received, parts, hashes } = await storeBody(c, session, start)
  if (received < total) return incomplete(received)
  await finishUpload(c, session, parts, hashes)
  return finished(c, session)
}

/**
 * Streams the request body into parts from `start` on: bytes already stored are skipped. The
 * body is read straight into the part being filled (a BYOB reader, at least `readPiece` bytes a
 * read, so no copy and few trips through JS); each full part is uploaded while the next fills,
 * up to `partsInFlight` at once, and the parts are recorded in D1 in order as they complete, in
 * one write for all that completed meanwhile. Hashes are computed on the way when this request
 * carries the whole file from byte 0.
 */
async function storeBody(c: Context<AppEnv>, session: UploadSession, start: number) {
  const total = session.contentLength
  const multipart = c.env.BUCKET.resumeMultipartUpload(session.r2Key, session.multipartId!)
  const parts: StoredPart[] = JSON.parse(session.partsJson)
  let received = session.receivedBytes
  let position = start
  const hasher = received === 0 && start === 0 ? streamHasher() : undefined
  const uploads = partUploads(c.var.db, session.token, multipart, parts, received)

  const body = c.req.raw.body
  const reader = body ? byobReader(body) : undefined
  let queued = received
  let part = new Uint8Array(Math.min(uploadPartSize, total - queued))
  let filled = 0
  try {
    while (reader) {
      if (part.length === 0) {
        // the declared length is in: the body must end here
        const more = await reader.read(new Uint8Array(1))
        if (!more.done && more.value?.length) await refuseTooLong(c, session, multipart, uploads)
        break
      }
      const room = part.length - filled
      const { value, done } = await reader.readAtLeast(
        Math.min(readPiece, room),
        new Uint8Array(part.buffer, filled, room),
      )
      if (done || !value) break
      part = new Uint8Array(value.buffer)
      let n = value.length
      if (position < uploads.received()) {
        // bytes already stored: drop them from the part
        const skip = Math.min(uploads.received() - position, n)
        part.copyWithin(filled, filled + skip, filled + n)
        position += skip
        n -= skip
      }
      await hasher?.write(part.subarray(filled, filled + n))
      filled += n
      position += n
      if (filled === part.length) {
        await uploads.add(part)
        queued += part.length
        part = new Uint8Array(Math.min(uploadPartSize, total - queued))
        filled = 0
      }
    }
    if (total === 0 && parts.length === 0 && queued === 0) await uploads.add(new Uint8Array(0))
    await uploads.finish()
  } catch (err) {
    if (err instanceof ApiError) throw err
    // the connection dropped: what was recorded stays, the client probes and resumes
    await uploads.settle()
    return { received: uploads.received(), parts, hashes: undefined }
  }
  received = uploads.received()
  const hashes: Hashes | undefined =
    received === total && hasher ? await hasher.digest() : undefined
  return { received, parts, hashes }
}

/**
 * A reader that reads into the caller's buffer: a request body from the network is a byte stream
 * already; any other stream goes through an identity stream, which is one.
 */
function byobReader(body: ReadableStream<Uint8Array>) {
  try {
    return body.getReader({ mode: 'byob' })
  } catch {
    return body.pipeThrough(new IdentityTransformStream()).getReader({ mode: 'byob' })
  }
}

async function refuseTooLong(
  c: Context<AppEnv>,
  session: UploadSession,
  multipart: R2MultipartUpload,
  uploads: PartUploads,
): Promise<never> {
  await uploads.settle()
  await markUploadAborted(c.var.db, session.token)
  await multipart.abort().catch(() => {})
  const total = session.contentLength
  throw new ApiError('BAD_REQUEST', `the bytes go past the declared length (${total})`, [
    { path: 'body', message: 'longer than declared' },
  ])
}
