// The states of a TF Hub version's pull-through (docs/pull-through.md). Every write by a fetch is
// fenced by its lease token: once another fetch has taken the lease over, the first one can
// neither renew it, nor record an outcome, nor commit files.
import { and, eq, inArray, sql } from 'drizzle-orm'
import type { Db } from '../client'
import { versions } from '../schema'
import { executeBatched } from './bulk'
import type { NewFile, VersionArchive } from './versions'

const holds = (versionId: number, token: string) =>
  and(eq(versions.id, versionId), eq(versions.assetLeaseToken, token))

/**
 * Marks a version's asset queued, unless it is queued or being fetched already (with a live
 * lease), fetched, rejected, or failed with a retry time still ahead. True when this call queued
 * it: the caller then sends the queue message. `queuedUntil` is when to queue again should no
 * consumer take the message.
 */
export async function queueAssetFetch(db: Db, versionId: number, queuedUntil: Date, now: Date) {
  const t = now.getTime()
  const queued = await db
    .update(versions)
    .set({
      assetState: 'queued',
      assetLeaseUntil: queuedUntil,
      assetLeaseToken: null,
      assetReceivedBytes: null,
      assetTotalBytes: null,
    })
    .where(
      and(
        eq(versions.id, versionId),
        eq(versions.fileCount, 0),
        sql`(${versions.assetState} is null
          or (${versions.assetState} in ('queued', 'fetching') and coalesce(${versions.assetLeaseUntil}, 0) < ${t})
          or (${versions.assetState} = 'failed' and coalesce(${versions.assetRetryAt}, 0) <= ${t}))`,
      ),
    )
    .returning({ id: versions.id })
  return queued.length === 1
}

/**
 * Takes the lease of a queued version (or one whose fetch died: its lease ran out) with a fresh
 * token. Answers the version row as claimed, or undefined when there is nothing to do.
 */
export async function claimAssetFetch(
  db: Db,
  versionId: number,
  token: string,
  leaseUntil: Date,
  now: Date,
) {
  const [row] = await db
    .update(versions)
    .set({
      assetState: 'fetching',
      assetLeaseToken: token,
      assetLeaseUntil: leaseUntil,
      assetAttempts: sql`${versions.assetAttempts} + 1`,
      assetReceivedBytes: 0,
      assetTotalBytes: null,
      assetError: null,
    })
    .where(
      and(
        eq(versions.id, versionId),
        eq(versions.fileCount, 0),
        sql`(${versions.assetState} = 'queued'
          or (${versions.assetState} = 'fetching' and coalesce(${versions.assetLeaseUntil}, 0) < ${now.getTime()}))`,
      ),
    )
    .returning()
  return row
}

/** Extends the lease and records progress. False when the lease is no longer this token's. */
export async function renewAssetLease(
  db: Db,
  versionId: number,
  token: string,
  leaseUntil: Date,
  progress: { receivedBytes: number; totalBytes: number | null },
) {
  const renewed = await db
    .update(versions)
    .set({
      assetLeaseUntil: leaseUntil,
      assetReceivedBytes: progress.receivedBytes,
      assetTotalBytes: progress.totalBytes,
    })
    .where(and(holds(versionId, token), eq(versions.assetState, 'fetching')))
    .returning({ id: versions.id })
  return renewed.length === 1
}

/**
 * Records a fetch that ended without files: `rejected` (deterministic, never retried) or
 * `failed` (transient, queued again by the first request after `retryAt`).
 */
export async function endAssetFetch(
  db: Db,
  versionId: number,
  token: string,
  outcome: { state: 'rejected' | 'failed'; error: string; retryAt: Date | null },
) {
  await db
    .update(versions)
    .set({
      assetState: outcome.state,
      assetError: outcome.error.slice(0, 500),
      assetRetryAt: outcome.retryAt,
      assetLeaseToken: null,
      assetLeaseUntil: null,
    })
    .where(holds(versionId, token))
}

// rows of files go in as JSON (D1 allows 100 parameters a statement), a few hundred per statement
const maxJsonBytes = 256 * 1024

/**
 * Gives the version its files and archive and marks it fetched, in one atomic D1 batch, only if
 * `token` still holds the lease: every statement is conditional on it. True when committed.
 */
export async function commitAssetFetch(
  db: Db,
  versionId: number,
  token: string,
  newFiles: NewFile[],
  archive: VersionArchive,
) {
  const fenced = sql`exists (select 1 from versions where id = ${versionId} and asset_lease_token = ${token} and asset_state = 'fetching')`
  const totalBytes = newFiles.reduce((sum, f) => sum + f.size, 0)
  const statements = [sql`delete from files where version_id = ${versionId} and ${fenced}`]
  let chunk: NewFile[] = []
  let chunkBytes = 0
  const flush = () => {
    if (!chunk.length) return
    statements.push(sql`insert into files (version_id, path, size, sha256, md5, content_type, r2_key)
      select ${versionId}, f.value ->> 'path', f.value ->> 'size', f.value ->> 'sha256', f.value ->> 'md5',
        f.value ->> 'contentType', f.value ->> 'r2Key'
      from json_each(${JSON.stringify(chunk)}) f where ${fenced}`)
    chunk = []
    chunkBytes = 0
  }
  for (const file of newFiles) {
    const bytes = JSON.stringify(file).length
    if (chunkBytes + bytes > maxJsonBytes) flush()
    chunk.push(file)
    chunkBytes += bytes
  }
  flush()
  statements.push(
    sql`update models set latest_size_bytes = max(coalesce(latest_size_bytes, 0), ${totalBytes})
      where id = (select va.model_id from versions ve join variations va on va.id = ve.variation_id where ve.id = ${versionId})
        and ${fenced}`,
    // last, because it ends the lease every statement above is conditional on
    sql`update versions set file_count = ${newFiles.length}, total_bytes = ${totalBytes},
        archive_key = ${archive.archiveKey}, archive_size = ${archive.archiveSize},
        archive_sha256 = ${archive.archiveSha256}, archive_md5 = ${archive.archiveMd5},
        asset_state = 'fetched', asset_lease_token = null, asset_lease_until = null,
        asset_error = null, asset_retry_at = null, asset_received_bytes = ${totalBytes}
      where id = ${versionId} and asset_lease_token = ${token} and asset_state = 'fetching'`,
  )
  const answers = await executeBatched(db, statements, statements.length)
  // D1 counts the rows its triggers change too (the catalog version, migration 0022): the fenced
  // update of this one version happened when anything changed
  return answers.at(-1)!.meta.changes > 0
}

/** The current lease tokens of these versions (at most 90; null where none is held). */
export async function leaseTokensOf(db: Db, versionIds: number[]) {
  const rows = versionIds.length
    ? await db
        .select({ id: versions.id, token: versions.assetLeaseToken })
        .from(versions)
        .where(inArray(versions.id, versionIds.slice(0, 90)))
    : []
  return new Map(rows.map((row) => [row.id, row.token]))
}

/** Ends leases that ran out (a consumer killed mid-fetch) as failures to retry at once. */
export async function expireAssetLeases(db: Db, now: Date) {
  const expired = await db
    .update(versions)
    .set({
      assetState: 'failed',
      assetError: 'the fetch stopped before it finished',
      assetRetryAt: now,
      assetLeaseToken: null,
      assetLeaseUntil: null,
    })
    .where(
      and(
        eq(versions.assetState, 'fetching'),
        sql`coalesce(${versions.assetLeaseUntil}, 0) < ${now.getTime()}`,
      ),
    )
    .returning({ id: versions.id })
  return expired.length
}
