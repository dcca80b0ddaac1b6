// The byte URLs of a private model carry a signature: the redirect targets are fetched without
// credentials (kagglehub 1.x resumes without them), so the URL itself is the permission, for the
// one path it names and a few hours. Signed like page tokens (worker/lib/page-token.ts).
import type { Context } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { decodePageToken, encodePageToken } from '../lib/page-token'

const signedTtlSeconds = 6 * 3600
// a notebook run's files: short-lived, for every file of one version (docs/notebooks.md)
const runTtlSeconds = 15 * 60
const claim = z.union([
  // one path
  z.object({ d: z.string(), e: z.number().int() }),
  // every path under a version's files folder, `/api/v1/files/o/m/f/v/n/`
  z.object({ p: z.string().regex(/^\/api\/v1\/files\/([^/]+\/){5}$/), e: z.number().int() }),
])

export async function signDownload(c: Context<AppEnv>, url: string) {
  const target = new URL(url)
  const e = Math.floor(Date.now() / 1000) + signedTtlSeconds
  const token = await encodePageToken(c.env.PAGE_TOKEN_SECRET, { d: target.pathname, e })
  target.searchParams.set('signature', token)
  return target.toString()
}

/**
 * A signature for every file of one version (`prefix`: its `/api/v1/files/.../n/` folder), for a
 * notebook run in the opaque-origin runner, which fetches a model.json and the shards it names
 * without credentials. Answers the signature and when it expires.
 */
export async function signFilesFolder(c: Context<AppEnv>, prefix: string) {
  const e = Math.floor(Date.now() / 1000) + runTtlSeconds
  return {
    signature: await encodePageToken(c.env.PAGE_TOKEN_SECRET, { p: prefix, e }),
    expires: new Date(e * 1000),
  }
}

/** Whether the request carries a live signature for its own path; a bad one is refused (403). */
export async function hasDownloadSignature(c: Context<AppEnv>) {
  const token = c.req.query('signature')
  if (token === undefined) return false
  const signed = await decodePageToken(c.env.PAGE_TOKEN_SECRET, token, claim, 'signature').catch(
    () => {
      throw new ApiError('FORBIDDEN', 'the signature is not one this server issued')
    },
  )
  const path = new URL(c.req.url).pathname
  const covers = 'd' in signed ? signed.d === path : path.startsWith(signed.p)
  if (!covers) throw new ApiError('FORBIDDEN', 'the signature is for another download')
  if (signed.e * 1000 < Date.now()) throw new ApiError('FORBIDDEN', 'the download link has expired')
  return true
}
