// Conditional requests (RFC 9110 section 13) on a GET or HEAD of an immutable representation
// with a strong ETag and a Last-Modified date.

export interface Validators {
  /** a strong entity tag, quoted */
  etag: string
  lastModified: Date
}

/**
 * The answer the preconditions call for, in the order of RFC 9110 section 13.2.2:
 * 412 (If-Match, If-Unmodified-Since), 304 (If-None-Match, If-Modified-Since), or go on.
 */
export function evaluatePreconditions(headers: Headers, v: Validators): 412 | 304 | null {
  const ifMatch = headers.get('if-match')
  if (ifMatch !== null) {
    if (!listMatches(ifMatch, v.etag, 'strong')) return 412
  } else {
    const since = parseHttpDate(headers.get('if-unmodified-since'))
    if (since !== null && seconds(v.lastModified) > since) return 412
  }
  const ifNoneMatch = headers.get('if-none-match')
  if (ifNoneMatch !== null) {
    if (listMatches(ifNoneMatch, v.etag, 'weak')) return 304
  } else {
    const since = parseHttpDate(headers.get('if-modified-since'))
    if (since !== null && seconds(v.lastModified) <= since) return 304
  }
  return null
}

/**
 * Whether a Range may be honoured: true without If-Range, else when its validator matches
 * strongly (an entity tag equal and not weak, or a date equal to Last-Modified).
 */
export function ifRangeHolds(headers: Headers, v: Validators) {
  const value = headers.get('if-range')?.trim()
  if (value === undefined) return true
  if (value.startsWith('"') || value.startsWith('W/')) return value === v.etag
  const date = parseHttpDate(value)
  return date !== null && date === seconds(v.lastModified)
}

/** `*` or a comma-separated list of entity tags; weak comparison ignores the W/ prefix. */
function listMatches(header: string, etag: string, comparison: 'strong' | 'weak') {
  if (header.trim() === '*') return true
  return header.split(',').some((candidate) => {
    const tag = candidate.trim()
    if (comparison === 'strong') return tag === etag
    return tag.replace(/^W\//, '') === etag
  })
}

const seconds = (date: Date) => Math.floor(date.getTime() / 1000)

/** An HTTP-date (IMF-fixdate, or the obsolete forms Date.parse knows) in unix seconds, or null. */
function parseHttpDate(value: string | null) {
  if (value === null || !/^[A-Za-z]{3},? /.test(value.trim())) return null
  const time = Date.parse(value)
  return Number.isNaN(time) ? null : Math.floor(time / 1000)
}
