// The cron's sweep of publishes that died: a version recorded with its files but never made ready
// (the isolate ended during a background publish, R2 or D1 failed while the archive was built).
// The uploads' tokens were consumed by then, so the version is finished here rather than lost.
import type { Db } from '../../db/client'
import { markVersionFailed, recordedFilesOf, stalePendingVersions } from '../../db/queries/versions'
import { finishVersion } from '../services/publish-version'

// longer than any publish runs, so a live one is never taken over
const staleAfterMs = 60 * 60 * 1000
// then the version is given up: it stays invisible, shown as failed in "Your models"
const giveUpAfterMs = 7 * 24 * 60 * 60 * 1000
const perRun = 5

export async function finishPendingVersions(db: Db, bucket: R2Bucket, now = Date.now()) {
  const stale = await stalePendingVersions(db, new Date(now - staleAfterMs), perRun)
  let finished = 0
  for (const version of stale) {
    if (version.createdAt.getTime() < now - giveUpAfterMs) {
      await markVersionFailed(db, version.id)
      continue
    }
    try {
      await finishVersion(db, bucket, version.id, await recordedFilesOf(db, version.id))
      finished++
    } catch (err) {
      console.error(
        `finish version ${version.id}: ${err instanceof Error ? err.message : String(err)}`,
      )
    }
  }
  return { looked: stale.length, finished }
}
