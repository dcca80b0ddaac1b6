// The byte URLs of a private model carry a signature: the redirect targets are fetched without
// credentials (kagglehub 1.x resumes without them), so the URL itself is the permission, for the
// one path it names and a few hours. Signed like page tokens (worker/lib/page-token.ts).
import type { Context } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { decodePageToken, encodePageToken } from '../lib/page-token'

const signedTtlSeconds = 6 * 3600
const claim = z.object({ d: z.string(), e: z.number().int() })

export async function signDownload(c: Context<AppEnv>, url: string) {
  const target = new URL(url)
  const e = Math.floor(Date.now() / 1000) + signedTtlSeconds
  const token = await encodePageToken(c.env.PAGE_TOKEN_SECRET, { d: target.pathname, e })
  target.searchParams.set('signature', token)
  return target.toString()
}

/** Whether the request carries a live signature for its own path; a bad one is refused. */
export async function hasDownloadSignature(c: Context<AppEnv>) {
  const token = c.req.query('signature')
  if (token === undefined) return false
  const { d, e } = await decodePageToken(c.env.PAGE_TOKEN_SECRET, token, claim, 'signature')
  if (d !== new URL(c.req.url).pathname)
    throw new ApiError('FORBIDDEN', 'the signature is for another download')
  if (e * 1000 < Date.now()) throw new ApiError('FORBIDDEN', 'the download link has expired')
  return true
}
