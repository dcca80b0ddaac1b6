// The cron's cleanup after fetches that died without cleaning up (their isolate was killed):
// leases that ran out end as failures to retry, and staging objects of any token that no longer
// holds its version's lease are deleted. Multipart uploads that were never completed are
// aborted by the fetch on error; the bucket's lifecycle rule removes any left (docs/pull-through.md).
import type { Db } from '../../db/client'
import { expireAssetLeases, leaseTokensOf } from '../../db/queries/asset-fetch'

const stagingKey = /^staging\/pull\/version-(\d+)\/([^/]+)\//

export async function sweepPullStaging(db: Db, bucket: R2Bucket, now = new Date()) {
  const expired = await expireAssetLeases(db, now)
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
  return { expiredLeases: expired, deletedObjects: stale.length }
}
