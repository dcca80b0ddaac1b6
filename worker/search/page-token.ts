// A search's page token: where its page ended (SearchCursor), with the sort and a hash of the
// search it belongs to, so that another search or sort refuses it.
import { z } from 'zod'
import { ApiError } from '../errors'
import { decodePageToken, encodePageToken } from '../lib/page-token'
import type { SearchSort } from '../vocabulary'
import type { SearchCursor } from './plan'

const searchToken = z.object({
  /** the sort */
  s: z.string(),
  /** the search's fingerprint */
  f: z.string(),
  v: z.number().nullable(),
  i: z.number().int(),
  h: z.boolean().optional(),
  a: z.boolean().optional(),
})

// FNV-1a, enough to tell one search's page token from another's
function hash(text: string) {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
  return (h >>> 0).toString(36)
}

/** What a page token belongs to besides its sort: the search string, filters and size limit. */
export function searchFingerprint(
  search: string,
  filters: Record<string, string[]>,
  maxSizeBytes: number | undefined,
) {
  return hash(JSON.stringify([search, filters, maxSizeBytes ?? null]))
}

export function encodeSearchToken(
  secret: string,
  sort: SearchSort,
  fingerprint: string,
  next: SearchCursor,
) {
  return encodePageToken(secret, { s: sort, f: fingerprint, ...next })
}

/** The cursor of a page token made for this sort and search; any other token is a 400. */
export async function decodeSearchToken(
  secret: string,
  token: string,
  sort: SearchSort,
  fingerprint: string,
): Promise<SearchCursor> {
  const { s, f, ...after } = await decodePageToken(secret, token, searchToken)
  if (s !== sort || f !== fingerprint) {
    throw new ApiError('BAD_REQUEST', 'pageToken belongs to another sort order or search', [
      { path: 'pageToken', message: 'sort order or search changed' },
    ])
  }
  return after
}
