// Serves a representation (a stored file, a prebuilt archive, a tar assembled on the fly) as
// HTTP: Content-Length, strong ETag, Last-Modified, Repr-Digest, the preconditions and Range of
// RFC 9110. The bytes stream from R2 and are never held in memory; HEAD asks for metadata only.
import { errorBody, type ErrorCode } from '../errors'
import { evaluatePreconditions, ifRangeHolds } from '../http/preconditions'
import { decideRange, type ByteRange } from '../http/range'

export interface Representation {
  size: number
  /** a strong entity tag, quoted */
  etag: string
  lastModified: Date
  contentType: string
  filename: string
  /** hex sha256 of the whole representation, sent as Repr-Digest (RFC 9530) */
  sha256?: string | null
  /** base64 of the raw MD5 of the whole representation, when known exactly */
  md5?: string | null
  /** for HEAD: whether storage still has the bytes, from metadata alone */
  exists(): Promise<boolean>
  /** the bytes, all or one range of them; null when storage no longer has them */
  open(range: ByteRange | null): Promise<ReadableStream<Uint8Array> | null>
}

export interface StoredObject {
  key: string
  size: number
  sha256: string
  md5?: string | null
  contentType: string
  filename: string
  lastModified: Date
}

/** One R2 object, addressed by its sha256. */
export function storedObject(bucket: R2Bucket, object: StoredObject): Representation {
  return {
    ...object,
    etag: `"${object.sha256}"`,
    exists: async () => (await bucket.head(object.key)) !== null,
    open: async (range) => {
      const stored = await bucket.get(
        object.key,
        range ? { range: { offset: range.start, length: range.end - range.start + 1 } } : {},
      )
      return stored?.body ?? null
    },
  }
}

export async function serveRepresentation(
  request: Request,
  rep: Representation,
): Promise<Response> {
  const validators = { etag: rep.etag, lastModified: rep.lastModified }
  const headers = new Headers({
    etag: rep.etag,
    'last-modified': rep.lastModified.toUTCString(),
    // versioned URLs never change their bytes; no-transform keeps edges from compressing them
    'cache-control': 'public, max-age=31536000, immutable, no-transform',
  })

  const precondition = evaluatePreconditions(request.headers, validators)
  if (precondition === 304) return new Response(null, { status: 304, headers })
  if (precondition === 412)
    return failure('PRECONDITION_FAILED', 'a precondition of the request does not hold', headers)

  headers.set('content-type', rep.contentType)
  headers.set('accept-ranges', 'bytes')
  headers.set('content-disposition', contentDisposition(rep.filename))
  headers.set('x-content-type-options', 'nosniff')
  if (rep.sha256) headers.set('repr-digest', `sha-256=:${hexToBase64(rep.sha256)}:`)
  if (rep.md5) headers.set('x-goog-hash', `md5=${rep.md5}`)

  if (request.method === 'HEAD') {
    // Range is defined for GET only (RFC 9110 section 14.2): HEAD describes the whole
    if (!(await rep.exists())) return missing(headers)
    headers.set('content-length', String(rep.size))
    return new Response(null, { status: 200, headers })
  }

  const decision = ifRangeHolds(request.headers, validators)
    ? decideRange(request.headers.get('range'), rep.size)
    : ({ kind: 'full' } as const)
  if (decision.kind === 'unsatisfiable') {
    headers.set('content-range', `bytes */${rep.size}`)
    return failure('RANGE_NOT_SATISFIABLE', `range not satisfiable for ${rep.size} bytes`, headers)
  }
  const range = decision.kind === 'partial' ? decision.range : null
  const body = await rep.open(range)
  if (!body) return missing(headers)
  if (range) {
    headers.set('content-range', `bytes ${range.start}-${range.end}/${rep.size}`)
    headers.set('content-length', String(range.end - range.start + 1))
    return new Response(body, { status: 206, headers })
  }
  headers.set('content-length', String(rep.size))
  return new Response(body, { status: 200, headers })
}

function missing(headers: Headers) {
  console.error('object missing from R2 for', headers.get('etag'))
  return failure('NOT_FOUND', 'the file bytes are missing from storage', headers)
}

/** An error in the envelope; never cached, whatever the representation's headers said. */
function failure(code: ErrorCode, message: string, headers: Headers) {
  const body = errorBody(code, message)
  for (const name of ['content-disposition', 'repr-digest', 'x-goog-hash', 'accept-ranges'])
    headers.delete(name)
  headers.set('content-type', 'application/json')
  headers.set('cache-control', 'no-store')
  return new Response(JSON.stringify(body), { status: body.code, headers })
}

function contentDisposition(filename: string) {
  const ascii = filename.replace(/["\\\r\n]/g, '_').replace(/[^\x20-\x7e]/g, '_')
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`
}

function hexToBase64(hex: string) {
  const bytes = hex.match(/../g)!.map((pair) => parseInt(pair, 16))
  return btoa(String.fromCharCode(...bytes))
}
