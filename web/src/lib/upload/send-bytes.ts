// Sends a file's bytes to its upload target (`PUT /api/v1/uploads/{token}`, docs/publishing.md)
// in chunks with Content-Range, starting from what the server says it holds (the `bytes */n`
// probe: 308 with Range). The server keeps whole parts only, so after each chunk it answers 308
// with how far it got and the next chunk starts there: a dropped connection loses at most the
// chunk in flight, and a few are retried before giving up.
import { ApiRequestError } from '../../api/client'

const chunkBytes = 16 * 1024 * 1024
const retries = 5

/** The upload is gone on the server (expired, cancelled): it has to start over. */
export class UploadGone extends Error {}

const target = (token: string) => `/api/v1/uploads/${encodeURIComponent(token)}`

/** Bytes the server holds from a 308's `Range: bytes=0-{k-1}`; none without one. */
function storedBytes(res: Response) {
  const match = /^bytes=0-(\d+)$/.exec(res.headers.get('range') ?? '')
  return match ? Number(match[1]) + 1 : 0
}

async function put(token: string, init: RequestInit) {
  const res = await fetch(target(token), { method: 'PUT', ...init })
  if (res.status === 404) throw new UploadGone('The upload expired or was cancelled.')
  if (res.status !== 200 && res.status !== 308) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null
    throw new ApiRequestError(
      res.status,
      `HTTP_${res.status}`,
      body?.error?.message ?? `Upload failed (HTTP ${res.status})`,
    )
  }
  return res
}

/** How many bytes of the file the server holds (the probe); `size` when it has them all. */
async function probe(token: string, size: number, signal?: AbortSignal) {
  const res = await put(token, { headers: { 'content-range': `bytes */${size}` }, signal })
  return res.status === 200 ? size : storedBytes(res)
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms)
    signal.addEventListener('abort', () => {
      clearTimeout(timer)
      reject(signal.reason)
    })
  })

/**
 * Sends `file` from wherever the server stands to the end; `onStored` hears each new count of
 * bytes stored. Rejects with the signal's reason when aborted (pause, cancel), `UploadGone` when
 * the token is no longer valid, or the server's refusal.
 */
export async function sendBytes(
  token: string,
  file: Blob,
  signal: AbortSignal,
  onStored: (bytes: number) => void,
) {
  const size = file.size
  if (size === 0) {
    await put(token, { body: new Blob([]), signal })
    return onStored(0)
  }
  let stored = await probe(token, size, signal)
  onStored(stored)
  let chunk = chunkBytes
  let failures = 0
  while (stored < size) {
    const end = Math.min(stored + chunk, size)
    let res: Response
    try {
      res = await put(token, {
        headers: {
          'content-type': 'application/octet-stream',
          'content-range': `bytes ${stored}-${end - 1}/${size}`,
        },
        body: file.slice(stored, end),
        signal,
      })
    } catch (err) {
      // fetch rejects with a TypeError when the connection drops: ask where it stands, go on
      if (!(err instanceof TypeError) || signal.aborted || ++failures > retries) throw err
      await sleep(500 * 2 ** failures, signal)
      stored = await probe(token, size, signal)
      onStored(stored)
      continue
    }
    failures = 0
    const now = res.status === 200 ? size : storedBytes(res)
    // a chunk smaller than the server's part stores nothing: send more at a time
    if (now <= stored) chunk *= 2
    stored = now
    onStored(stored)
  }
}
