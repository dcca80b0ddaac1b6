import { and, eq, sql } from 'drizzle-orm'
import type { Db } from '../client'
import { files, models, variations, versions } from '../schema'
import { chunk } from './bulk'

export interface NewFile {
  path: string
  size: number
  sha256: string
  md5: string | null
  contentType: string
  r2Key: string
}

/**
 * Creates version `number` of a variation as 'pending' with its files, or, when a pending one
 * exists (a publish that died halfway), replaces its file list. A ready version is immutable.
 */
export async function createPendingVersion(
  db: Db,
  variationId: number,
  number: number,
  notes: string,
  newFiles: NewFile[],
  /** the archive.zip upload its files are still to be unpacked from (none: they are given) */
  pendingArchiveToken: string | null = null,
) {
  const [existing] = await db
    .select({ id: versions.id, status: versions.status })
    .from(versions)
    .where(and(eq(versions.variationId, variationId), eq(versions.number, number)))
  if (existing?.status === 'ready')
    throw new Error(`version ${number} of variation ${variationId} is already published`)
  const versionId =
    existing?.id ??
    (
      await db
        .insert(versions)
        .values({ variationId, number, notes, status: 'pending', pendingArchiveToken })
        .returning({ id: versions.id })
    )[0]!.id
  const rows = newFiles.map((f) => ({ ...f, versionId }))
  await db.batch([
    db.update(versions).set({ pendingArchiveToken }).where(eq(versions.id, versionId)),
    db.delete(files).where(eq(files.versionId, versionId)),
    ...chunk(rows, 10).map((part) => db.insert(files).values(part)),
  ])
  return versionId
}

/** Marks a version ready with its totals and archive, and bumps its model's update time. */
export async function markVersionReady(
  db: Db,
  versionId: number,
  ready: {
    fileCount: number
    totalBytes: number
    archiveKey: string
    archiveSize: number
    archiveSha256: string
    archiveMd5: string
  },
) {
  const now = new Date()
  const [version] = await db
    .update(versions)
    .set({ ...ready, status: 'ready', publishedAt: now })
    .where(eq(versions.id, versionId))
    .returning({ variationId: versions.variationId })
  const [variation] = await db
    .select({ modelId: variations.modelId })
    .from(variations)
    .where(eq(variations.id, version!.variationId))
  await db
    .update(models)
    .set({
      updatedAt: now,
      publishedAt: sql`coalesce(${models.publishedAt}, ${now.getTime()})`,
      latestSizeBytes: sql`max(coalesce(${models.latestSizeBytes}, 0), ${ready.totalBytes})`,
    })
    .where(eq(models.id, variation!.modelId))
  return variation!.modelId
}

export interface VersionArchive {
  archiveKey: string
  archiveSize: number
  archiveSha256: string
  archiveMd5: string
}

export async function getVersionById(db: Db, versionId: number) {
  const [row] = await db.select().from(versions).where(eq(versions.id, versionId))
  return row
}

/**
 * Community versions still pending that were created before `before`: publishes that died (an
 * isolate ended, R2 failed), oldest first.
 */
export async function stalePendingVersions(db: Db, before: Date, limit: number) {
  return db
    .select({
      id: versions.id,
      variationId: versions.variationId,
      number: versions.number,
      notes: versions.notes,
      createdAt: versions.createdAt,
      pendingArchiveToken: versions.pendingArchiveToken,
    })
    .from(versions)
    .where(
      and(
        eq(versions.status, 'pending'),
        sql`${versions.sourceKind} is null`,
        sql`${versions.createdAt} < ${before.getTime()}`,
      ),
    )
    .orderBy(versions.createdAt)
    .limit(limit)
}

/** The stored files of a version, as finishing it needs them. */
export async function recordedFilesOf(db: Db, versionId: number) {
  return db
    .select({ path: files.path, size: files.size, r2Key: files.r2Key })
    .from(files)
    .where(eq(files.versionId, versionId))
    .orderBy(files.path)
}

export async function markVersionFailed(db: Db, versionId: number) {
  await db
    .update(versions)
    .set({ status: 'failed' })
    .where(and(eq(versions.id, versionId), eq(versions.status, 'pending')))
}
