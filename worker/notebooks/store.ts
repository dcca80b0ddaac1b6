// Notebook files in R2: read from the request with a size cap, checked, then stored under their
// sha256 so a fork or an unchanged save shares one object (docs/notebooks.md).
import type { StoredNotebook } from '../../db/queries/notebooks'
import { ApiError } from '../errors'
import { checkNotebook, notebookLimits, type CheckedNotebook } from './ipynb'

export const notebookContentType = 'application/x-ipynb+json'

const tooLarge = () =>
  new ApiError(
    'PAYLOAD_TOO_LARGE',
    `a notebook is at most ${notebookLimits.maxBytes / (1024 * 1024)} MiB`,
  )

/**
 * The request body, read chunk by chunk and refused as soon as it passes the cap. The whole file is
 * held because it must be parsed to be checked; the cap bounds what that costs.
 */
export async function readNotebookBody(request: Request) {
  const header = request.headers.get('content-length')
  if (header === null)
    throw new ApiError('LENGTH_REQUIRED', 'send the notebook with a Content-Length')
  if (!/^\d{1,12}$/.test(header))
    throw new ApiError('BAD_REQUEST', 'Content-Length is not a number')
  if (Number(header) > notebookLimits.maxBytes) throw tooLarge()
  if (!request.body) throw new ApiError('BAD_REQUEST', 'send the notebook as the request body')
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > notebookLimits.maxBytes) {
      await reader.cancel()
      throw tooLarge()
    }
    chunks.push(value)
  }
  const bytes = new Uint8Array(size)
  let at = 0
  for (const chunk of chunks) {
    bytes.set(chunk, at)
    at += chunk.byteLength
  }
  return bytes
}

/** Checks the bytes of a .ipynb: UTF-8, then ipynb.ts's rules. Throws the envelope's error. */
export function checkNotebookBytes(bytes: Uint8Array): CheckedNotebook {
  if (bytes.byteLength === 0) throw new ApiError('BAD_REQUEST', 'the notebook is empty')
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)
  } catch {
    throw new ApiError('BAD_REQUEST', 'not a valid notebook: the file is not UTF-8 text')
  }
  return checkNotebook(text)
}

const keyOf = (sha256: string) => `notebooks/sha256/${sha256}`

async function sha256Of(bytes: Uint8Array) {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('')
}

/**
 * Puts checked bytes in R2 under their hash, unless they are there already. `created` says whether
 * this call wrote the object, so a caller whose database write then fails removes only its own.
 */
export async function putNotebook(
  bucket: R2Bucket,
  bytes: Uint8Array,
  checked: CheckedNotebook,
): Promise<StoredNotebook & { created: boolean }> {
  const sha256 = await sha256Of(bytes)
  const r2Key = keyOf(sha256)
  const stored = { r2Key, sizeBytes: bytes.byteLength, cellCount: checked.cellCount, sha256 }
  if (await bucket.head(r2Key)) return { ...stored, created: false }
  await bucket.put(r2Key, bytes, { sha256, httpMetadata: { contentType: notebookContentType } })
  return { ...stored, created: true }
}
