// What a request for a TF Hub version's files does when they are not in R2 yet: it never
// fetches. It queues the fetch (once), then answers 202 with the progress and a Retry-After, or
// the recorded failure, until the consumer has committed the files (docs/pull-through.md).
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
): Promise<Version> {
  if (version.fileCount > 0 || !version.sourceKind) return version
  if (!isRedistributable(licenseId) || !assetUrl(version, env.TFHUB_ASSET_ORIGIN)) return version
  const now = new Date()
  if (await queueAssetFetch(db, version.id, new Date(now.getTime() + queuedMs), now))
    await env.PULL_QUEUE.send({ versionId: version.id } satisfies PullMessage)
  const current = (await getVersionById(db, version.id))!
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
