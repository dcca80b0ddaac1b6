// Streams one stored object from R2 as an HTTP answer: Content-Length, strong ETag,
// Last-Modified, Range (206/416), conditional GET. The bytes are never held in memory.
import { errorBody } from '../errors'

export interface StoredObject {
  key: string
  size: number
  sha256: string
  /** base64 of the raw MD5 of the whole object, when known exactly */
  md5?: string | null
  contentType: string
  filename: string
  lastModified: Date
}

export async function serveObject(
  request: Request,
  bucket: R2Bucket,
  object: StoredObject,
): Promise<Response> {
  const etag = `"${object.sha256}"`
  const headers = new Headers({
    'content-type': object.contentType,
    'accept-ranges': 'bytes',
    etag,
    'last-modified': object.lastModified.toUTCString(),
    // versioned URLs never change their bytes; no-transform keeps edges from compressing them
    'cache-control': 'public, max-age=31536000, immutable, no-transform',
    'content-disposition': `attachment; filename="${object.filename.replace(/["\\\r\n]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(object.filename)}`,
    'x-content-type-options': 'nosniff',
  })
  if (object.md5) headers.set('x-goog-hash', `md5=${object.md5}`)

  if (matchesEtag(request.headers.get('if-none-match'), etag))
    return new Response(null, { status: 304, headers })

  const range = parseRange(request.headers.get('range'), object.size)
  if (range === 'unsatisfiable') {
    headers.set('content-range', `bytes */${object.size}`)
    headers.set('content-type', 'application/json')
    headers.delete('content-disposition')
    const body = errorBody(
      'RANGE_NOT_SATISFIABLE',
      `range not satisfiable for ${object.size} bytes`,
    )
    return new Response(JSON.stringify(body), { status: 416, headers })
  }
  const stored = await bucket.get(
    object.key,
    range ? { range: { offset: range.start, length: range.end - range.start + 1 } } : {},
  )
  if (!stored) {
    console.error('object missing from R2', object.key)
    headers.set('content-type', 'application/json')
    headers.delete('content-disposition')
    return new Response(
      JSON.stringify(errorBody('NOT_FOUND', 'the file bytes are missing from storage')),
      { status: 404, headers },
    )
  }
  if (range) {
    headers.set('content-range', `bytes ${range.start}-${range.end}/${object.size}`)
    headers.set('content-length', String(range.end - range.start + 1))
    return new Response(request.method === 'HEAD' ? null : stored.body, { status: 206, headers })
  }
  headers.set('content-length', String(object.size))
  return new Response(request.method === 'HEAD' ? null : stored.body, { status: 200, headers })
}

function matchesEtag(header: string | null, etag: string) {
  if (!header) return false
  return header.split(',').some((candidate) => {
    const value = candidate.trim().replace(/^W\//, '')
    return value === etag || value === '*'
  })
}

/**
 * One byte range (`bytes=a-b`, `bytes=a-`, `bytes=-n`), clamped to the object. null means "send
 * everything": no header, or one this server does not honour (several ranges, other units).
 */
function parseRange(
  header: string | null,
  size: number,
): { start: number; end: number } | 'unsatisfiable' | null {
  const match = header?.trim().match(/^bytes=(\d*)-(\d*)$/)
  if (!match || (match[1] === '' && match[2] === '')) return null
  if (match[1] === '') {
    const suffix = Number(match[2])
    if (suffix === 0) return 'unsatisfiable'
    return { start: Math.max(0, size - suffix), end: size - 1 }
  }
  const start = Number(match[1])
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1)
  if (start >= size || end < start) return 'unsatisfiable'
  return { start, end }
}
