// Avatars in R2: the type is sniffed from the first bytes, the size checked against the declared
// length, and the body streamed to R2 through a FixedLengthStream (never held whole).
import { ApiError } from '../errors'
import { sniffImageType, sniffLength } from './image-type'

export const avatarMaxBytes = 512 * 1024
const urlPrefix = '/api/v1/avatars/'
const keyPrefix = 'avatars/'

/** The R2 key behind an avatar URL of ours; undefined for any other URL. */
export function avatarKeyOf(url: string) {
  if (!url.startsWith(urlPrefix)) return undefined
  const name = url.slice(urlPrefix.length)
  return /^[0-9]+-[A-Za-z0-9_-]{16,}$/.test(name) ? `${keyPrefix}${name}` : undefined
}

/** The R2 key of an avatar name from the URL, if it is one of ours. */
export const avatarKeyOfName = (name: string) => avatarKeyOf(`${urlPrefix}${name}`)

function declaredLength(request: Request) {
  const header = request.headers.get('content-length')
  if (header === null) throw new ApiError('LENGTH_REQUIRED', 'send the image with a Content-Length')
  const length = Number(header)
  if (!/^\d{1,10}$/.test(header) || length < sniffLength)
    throw new ApiError('BAD_REQUEST', 'the image is empty or too small')
  if (length > avatarMaxBytes)
    throw new ApiError('PAYLOAD_TOO_LARGE', `an avatar is at most ${avatarMaxBytes / 1024} KiB`)
  return length
}

/** Reads the first bytes of a stream, answering them and a reader positioned after them. */
async function readHead(body: ReadableStream<Uint8Array>, want: number) {
  const reader = body.getReader()
  const chunks: Uint8Array[] = []
  let have = 0
  while (have < want) {
    const { done, value } = await reader.read()
    if (done) break
    chunks.push(value)
    have += value.byteLength
  }
  const head = new Uint8Array(have)
  let at = 0
  for (const chunk of chunks) {
    head.set(chunk, at)
    at += chunk.byteLength
  }
  return { head, reader }
}

/** Stores the request's body as the owner's new avatar; answers its URL. */
export async function storeAvatar(bucket: R2Bucket, ownerId: number, request: Request) {
  const length = declaredLength(request)
  if (!request.body) throw new ApiError('BAD_REQUEST', 'send the image as the request body')
  const { head, reader } = await readHead(request.body, sniffLength)
  const type = sniffImageType(head)
  if (!type) {
    await reader.cancel()
    throw new ApiError('BAD_REQUEST', 'an avatar must be a PNG, JPEG, GIF or WebP image')
  }
  const fixed = new FixedLengthStream(length)
  const writer = fixed.writable.getWriter()
  const pump = (async () => {
    await writer.write(head)
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      await writer.write(value)
    }
    await writer.close()
  })()
  const name = `${ownerId}-${crypto.randomUUID().replace(/-/g, '')}`
  try {
    await Promise.all([
      bucket.put(`${keyPrefix}${name}`, fixed.readable, { httpMetadata: { contentType: type } }),
      pump,
    ])
  } catch {
    await bucket.delete(`${keyPrefix}${name}`)
    throw new ApiError('BAD_REQUEST', 'the image does not match its Content-Length')
  }
  return `${urlPrefix}${name}`
}
