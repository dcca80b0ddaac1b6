// The cron's sweep of publishes that died: a version recorded but never made ready (the isolate
// ended during a background publish, R2 or D1 failed while the archive was built or an
// archive.zip unpacked). Its uploads were taken by then, so it is finished here rather than lost.
import type { Db } from '../../db/client'
import { getUploadSession, unpackedUploadsOf } from '../../db/queries/uploads'
import { markVersionFailed, recordedFilesOf, stalePendingVersions } from '../../db/queries/versions'
import { ZipRefused } from '../lib/zip-directory'
import { finishVersion, recordPendingVersion } from '../services/publish-version'
import type { UploadLimits } from './limits'
import { unpackThenPublish } from './publish-archive'
import { dropArchive, replanArchive, unpackedFile } from './unpack-archive'

// longer than any publish runs, so a live one is never taken over
const staleAfterMs = 60 * 60 * 1000
// then the version is given up: it stays invisible, shown as failed in "Your models"
const giveUpAfterMs = 7 * 24 * 60 * 60 * 1000
const perRun = 5

type Stale = Awaited<ReturnType<typeof stalePendingVersions>>[number]

/** A version still to be unpacked from its archive.zip: from the start, or from its members. */
async function resumeArchive(db: Db, bucket: R2Bucket, limits: UploadLimits, version: Stale) {
  const token = version.pendingArchiveToken!
  const target = { ...version, versionId: version.id }
  const archive = await getUploadSession(db, token)
  if (archive?.status === 'consumed') {
    try {
      const checked = await replanArchive(bucket, archive, limits)
      return await unpackThenPublish(db, bucket, archive.userId, target, checked)
    } catch (err) {
      if (err instanceof ZipRefused) {
        await dropArchive(db, bucket, archive)
        await markVersionFailed(db, version.id)
      }
      throw err
    }
  }
  // unpacked and recorded as its members before the publish died
  const members = await unpackedUploadsOf(db, token)
  if (!archive || !members.length) {
    await markVersionFailed(db, version.id)
    throw new Error(`its archive upload ${token} is gone`)
  }
  const recorded = await recordPendingVersion(db, { ...version, files: members.map(unpackedFile) })
  return finishVersion(db, bucket, recorded.versionId, recorded.files)
}

export async function finishPendingVersions(
  db: Db,
  bucket: R2Bucket,
  limits: UploadLimits,
  now = Date.now(),
) {
  const stale = await stalePendingVersions(db, new Date(now - staleAfterMs), perRun)
  let finished = 0
  for (const version of stale) {
    if (version.createdAt.getTime() < now - giveUpAfterMs) {
      await markVersionFailed(db, version.id)
      continue
    }
    try {
      if (version.pendingArchiveToken) await resumeArchive(db, bucket, limits, version)
      else await finishVersion(db, bucket, version.id, await recordedFilesOf(db, version.id))
      finished++
    } catch (err) {
      console.error(
        `finish version ${version.id}: ${err instanceof Error ? err.message : String(err)}`,
      )
    }
  }
  return { looked: stale.length, finished }
}
