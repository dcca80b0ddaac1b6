// The cron's cleanup after fetches that died without cleaning up (their isolate was killed):
// leases that ran out end as failures to retry, staging objects of any token that no longer
// holds its version's lease are deleted, and multipart uploads recorded under such a token that
// were never completed are aborted, so R2 stops keeping (and billing) their parts.
import type { Db } from '../../db/client'
import { expireAssetLeases, leaseTokensOf } from '../../db/queries/asset-fetch'
import {
  abandonedMultipartUploads,
  forgetMultipartUploads,
} from '../../db/queries/multipart-uploads'

const stagingKey = /^staging\/pull\/version-(\d+)\/([^/]+)\//
// an upload this old whose owner holds no lease is abandoned; a fetch lasts at most 12 min
const abandonedAfterMs = 60 * 60 * 1000
// R2 itself ends incomplete uploads after 7 days: a row that still fails to abort is let go
const givenUpAfterMs = 7 * 24 * 3600 * 1000

export async function sweepPullStaging(db: Db, bucket: R2Bucket, now = new Date()) {
  const expired = await expireAssetLeases(db, now)
  const abortedUploads = await abortAbandonedUploads(db, bucket, now)
  const page = await bucket.list({ prefix: 'staging/pull/', limit: 1000 })
  const owners = page.objects.map((o) => ({ key: o.key, match: o.key.match(stagingKey) }))
  // a bounded number of versions a run; keys of the others wait for the next run
  const ids = [...new Set(owners.flatMap((o) => (o.match ? [Number(o.match[1])] : [])))].slice(
    0,
    90,
  )
  const tokens = await leaseTokensOf(db, ids)
  const stale = owners
    .filter(({ match }) => {
      if (!match) return true
      const id = Number(match[1])
      return ids.includes(id) && tokens.get(id) !== match[2]
    })
    .map((o) => o.key)
  for (let i = 0; i < stale.length; i += 1000) await bucket.delete(stale.slice(i, i + 1000))
  return { expiredLeases: expired, abortedUploads, deletedObjects: stale.length }
}

async function abortAbandonedUploads(db: Db, bucket: R2Bucket, now: Date) {
  const abandoned = await abandonedMultipartUploads(
    db,
    new Date(now.getTime() - abandonedAfterMs),
    now,
  )
  const ended: string[] = []
  // aborting an upload that completed after all, or was aborted already, succeeds and changes
  // nothing, so a row whose delete failed costs one harmless call
  for (const { key, uploadId, createdAt } of abandoned) {
    try {
      await bucket.resumeMultipartUpload(key, uploadId).abort()
      ended.push(uploadId)
    } catch (err) {
      console.error('pull-through sweep: abort', key, err)
      if (now.getTime() - createdAt.getTime() > givenUpAfterMs) ended.push(uploadId)
    }
  }
  await forgetMultipartUploads(db, ended)
  return ended.length
}
