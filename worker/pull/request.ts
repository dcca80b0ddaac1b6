// What a request for a TF Hub version's files does when they are not in R2 yet: it never
// fetches. It queues the fetch (once), then answers 202 with the progress and a Retry-After, or
// the recorded failure, until the consumer has committed the files (docs/pull-through.md).
// Clients that cannot ask again (TF.js fromTFHub, kagglehub, curl) are instead held while the
// consumer works, up to a bound; a client that polls says so with `Prefer: respond-async`.
import type { Db } from '../../db/client'
import { queueAssetFetch } from '../../db/queries/asset-fetch'
import { getVersionById } from '../../db/queries/versions'
import type { versions } from '../../db/schema'
import { ApiError } from '../errors'
import { assetUrl, isRedistributable } from './asset-url'

type Version = typeof versions.$inferSelect

export interface PullMessage {
  versionId: number
}

// a queued fetch no consumer took within this long is queued again
const queuedMs = 5 * 60 * 1000
// how long clients wait between polls while the fetch runs
const pollSeconds = 2
// how long a request that cannot poll is held for the fetch, and how often it looks
const maxHoldMs = 25_000
const holdCheckMs = 250

/**
 * How long to hold a request for a pull-through (RFC 7240 `Prefer`): not at all with
 * `respond-async`, `wait=N` seconds when asked (at most 25), otherwise 25 s.
 */
export function pullWaitMs(prefer: string | undefined) {
  const preferences = (prefer ?? '')
    .toLowerCase()
    .split(',')
    .map((p) => p.trim())
  if (preferences.includes('respond-async')) return 0
  const wait = preferences.find((p) => /^wait=\d{1,6}$/.test(p))
  if (wait) return Math.min(Number(wait.slice(5)) * 1000, maxHoldMs)
  return maxHoldMs
}

const settled = (v: Version) =>
  v.fileCount > 0 || v.assetState === 'rejected' || v.assetState === 'failed'

/** The version once its fetch settled (files committed, rejected or failed), or after waitMs. */
async function held(db: Db, version: Version, waitMs: number) {
  const deadline = Date.now() + waitMs
  let current = version
  while (!settled(current) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, holdCheckMs))
    current = (await getVersionById(db, version.id))!
  }
  return current
}

/**
 * The version, when its files are in R2 or it has none to fetch (a community version, a licence
 * that does not allow redistribution, no asset URL). Otherwise throws: ACCEPTED (202) while the
 * fetch is queued or running, BAD_GATEWAY (502) when it was rejected or failed.
 */
export async function ensureVersionFiles(
  db: Db,
  env: Pick<Env, 'PULL_QUEUE' | 'TFHUB_ASSET_ORIGIN'>,
  version: Version,
  licenseId: string | null,
  waitMs = 0,
): Promise<Version> {
  if (version.fileCount > 0 || !version.sourceKind) return version
  if (!isRedistributable(licenseId) || !assetUrl(version, env.TFHUB_ASSET_ORIGIN)) return version
  const now = new Date()
  if (await queueAssetFetch(db, version.id, new Date(now.getTime() + queuedMs), now))
    await env.PULL_QUEUE.send({ versionId: version.id } satisfies PullMessage)
  const current = await held(db, (await getVersionById(db, version.id))!, waitMs)
  if (current.fileCount > 0) return current
  const why = current.assetError ?? 'the fetch failed'
  if (current.assetState === 'rejected')
    throw new ApiError(
      'BAD_GATEWAY',
      `the files of this version cannot be taken from TF Hub: ${why}`,
    )
  if (current.assetState === 'failed') {
    const wait = Math.max(
      1,
      Math.ceil(((current.assetRetryAt?.getTime() ?? 0) - now.getTime()) / 1000),
    )
    throw new ApiError(
      'BAD_GATEWAY',
      `could not fetch the files of this version from TF Hub: ${why}`,
      undefined,
      { 'retry-after': String(wait) },
    )
  }
  const details = {
    status: current.assetState === 'fetching' ? 'fetching' : 'queued',
    receivedBytes: current.assetReceivedBytes ?? 0,
    totalBytes: current.assetTotalBytes,
  }
  throw new ApiError(
    'ACCEPTED',
    'the files of this version are being fetched from TF Hub; ask again after Retry-After seconds',
    undefined,
    { 'retry-after': String(pollSeconds) },
    details,
  )
}
