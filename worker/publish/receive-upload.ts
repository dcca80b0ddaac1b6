// The upload target: `PUT /api/v1/uploads/{token}` streams a file's bytes into the R2 multipart
// upload of its session, part by part, and answers the resume probe (docs/publishing.md,
// "Uploads"). Only whole parts are kept: the bytes of a part cut off by a dropped connection are
// sent again after the probe. At most two parts are held in memory.
import type { Context } from 'hono'
import {
  getUploadSession,
  markUploadAborted,
  recordParts,
  type StoredPart,
  type UploadSession,
} from '../../db/queries/uploads'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { parseContentRange } from './content-range'
import { finishUpload } from './finish-upload'
import { streamHasher, type Hashes } from './stream-hasher'

// R2 wants every part but the last of one size, and at least 5 MiB
const uploadPartSize = 8 * 1024 * 1024

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
 * Streams the request body into parts from `start` on: bytes already stored are skipped, each
 * full part is uploaded and recorded while the next one fills. Hashes are computed on the way
 * when this request carries the whole file from byte 0.
 */
async function storeBody(c: Context<AppEnv>, session: UploadSession, start: number) {
  const total = session.contentLength
  const multipart = c.env.BUCKET.resumeMultipartUpload(session.r2Key, session.multipartId!)
  const parts: StoredPart[] = JSON.parse(session.partsJson)
  let received = session.receivedBytes
  let position = start
  const hasher = received === 0 && start === 0 ? streamHasher() : undefined
  let part = new Uint8Array(Math.min(uploadPartSize, total - received))
  let filled = 0

  // one part uploads while the next one fills: two parts in memory at most
  let queued = received
  let inflight: Promise<void> = Promise.resolve()
  const storePart = async () => {
    const bytes = part.subarray(0, filled)
    const number = queued / uploadPartSize + 1
    queued += filled
    filled = 0
    part = new Uint8Array(Math.min(uploadPartSize, total - queued))
    await inflight
    inflight = (async () => {
      const uploaded = await multipart.uploadPart(number, bytes)
      parts.push({ partNumber: uploaded.partNumber, etag: uploaded.etag })
      const from = received
      received += bytes.length
      if (!(await recordParts(c.var.db, session.token, from, parts, received)))
        throw new ApiError('CONFLICT', 'another request is uploading this file')
    })()
    // awaited before the next part and at the end; this only keeps it from being unhandled
    inflight.catch(() => {})
  }

  const reader = c.req.raw.body?.getReader()
  try {
    while (reader) {
      const { value, done } = await reader.read()
      if (done) break
      let bytes = value
      if (position < received) {
        const skip = Math.min(received - position, bytes.length)
        bytes = bytes.subarray(skip)
        position += skip
      }
      if (position + bytes.length > total) {
        await markUploadAborted(c.var.db, session.token)
        await multipart.abort().catch(() => {})
        throw new ApiError('BAD_REQUEST', `the bytes go past the declared length (${total})`, [
          { path: 'body', message: 'longer than declared' },
        ])
      }
      await hasher?.write(bytes)
      while (bytes.length) {
        const n = Math.min(part.length - filled, bytes.length)
        part.set(bytes.subarray(0, n), filled)
        filled += n
        position += n
        bytes = bytes.subarray(n)
        if (filled === part.length && part.length > 0) await storePart()
      }
    }
  } catch (err) {
    if (err instanceof ApiError) throw err
    // the connection dropped: what was recorded stays, the client probes and resumes
    await inflight.catch(() => {})
    return { received, parts, hashes: undefined }
  }
  if (total === 0 && parts.length === 0 && queued === 0) await storePart()
  await inflight
  const hashes: Hashes | undefined =
    received === total && hasher ? await hasher.digest() : undefined
  return { received, parts, hashes }
}
