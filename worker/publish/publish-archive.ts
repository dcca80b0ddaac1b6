// A version uploaded as one archive.zip (docs/publishing.md, "Archives"), its central directory
// already checked in the call (checkArchive). A small archive is unpacked and published before
// the call answers, its refusals the call's answer. A big one becomes a pending version that
// names the archive, answered at once and unpacked in the background; a member found broken
// there fails the version, any other failure leaves it pending for the cron (finish-pending.ts).
import type { Context } from 'hono'
import type { Db } from '../../db/client'
import { createPendingVersion, markVersionFailed } from '../../db/queries/versions'
import { ZipRefused } from '../lib/zip-directory'
import type { AppEnv } from '../env'
import { runInBackground } from '../lib/background'
import {
  finishOrLeavePending,
  finishVersion,
  recordPendingVersion,
  type NewVersion,
} from '../services/publish-version'
import { dropArchive, unpackInCall, unpackMembers, type CheckedArchive } from './unpack-archive'

export async function publishArchive(
  c: Context<AppEnv>,
  userId: number,
  version: NewVersion,
  checked: CheckedArchive,
  inlineBytes: number,
) {
  const { db } = c.var
  const bucket = c.env.BUCKET
  if (checked.totalBytes <= inlineBytes) {
    const files = await unpackInCall(c, userId, checked)
    const recorded = await recordPendingVersion(db, { ...version, files })
    await finishOrLeavePending(db, bucket, recorded.versionId, recorded.files)
    return recorded.versionId
  }
  const versionId = await createPendingVersion(
    db,
    version.variationId,
    version.number,
    version.notes,
    [],
    checked.archive.token,
  )
  runInBackground(
    c,
    unpackThenPublish(db, bucket, userId, { ...version, versionId }, checked),
    `publish version ${versionId} from ${checked.archive.fileName}`,
  )
  return versionId
}

/** The background half (and the cron's retry): unpack, record the files, finish. */
export async function unpackThenPublish(
  db: Db,
  bucket: R2Bucket,
  userId: number,
  version: NewVersion & { versionId: number },
  checked: CheckedArchive,
) {
  let files
  try {
    files = await unpackMembers(db, bucket, userId, checked)
  } catch (err) {
    if (err instanceof ZipRefused) {
      await dropArchive(db, bucket, checked.archive)
      await markVersionFailed(db, version.versionId)
    }
    throw err
  }
  const recorded = await recordPendingVersion(db, { ...version, files })
  return finishVersion(db, bucket, recorded.versionId, recorded.files)
}
