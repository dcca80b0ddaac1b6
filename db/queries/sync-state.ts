import { and, eq, isNull, lt, or, sql } from 'drizzle-orm'
import type { Db } from '../client'
import { syncState } from '../schema'

/**
 * Takes the job's lock for `runId` until `ttlMs` from now. Fails (false) while another run holds
 * an unexpired lock; a lock whose holder died expires and is taken over.
 */
export async function acquireSyncLock(
  db: Db,
  job: string,
  runId: number,
  ttlMs: number,
  now = Date.now(),
) {
  await db.insert(syncState).values({ job }).onConflictDoNothing()
  const taken = await db
    .update(syncState)
    .set({ lockedBy: runId, lockExpiresAt: new Date(now + ttlMs), updatedAt: new Date(now) })
    .where(
      and(
        eq(syncState.job, job),
        or(isNull(syncState.lockedBy), lt(syncState.lockExpiresAt, new Date(now))),
      ),
    )
    .returning({ job: syncState.job })
  return taken.length === 1
}

/**
 * The fence: true, and the lock renewed for `ttlMs`, only while `runId` still holds it. A run
 * whose lock expired and was taken over gets false and must write nothing more.
 */
export async function holdSyncLock(
  db: Db,
  job: string,
  runId: number,
  ttlMs: number,
  now = Date.now(),
) {
  const held = await db
    .update(syncState)
    .set({ lockExpiresAt: new Date(now + ttlMs) })
    .where(and(eq(syncState.job, job), eq(syncState.lockedBy, runId)))
    .returning({ job: syncState.job })
  return held.length === 1
}

/** Releases the lock if `runId` still holds it. */
export async function releaseSyncLock(db: Db, job: string, runId: number) {
  await db
    .update(syncState)
    .set({ lockedBy: null, lockExpiresAt: null })
    .where(and(eq(syncState.job, job), eq(syncState.lockedBy, runId)))
}

export async function getSyncState(db: Db, job: string) {
  const [state] = await db.select().from(syncState).where(eq(syncState.job, job))
  return state
}

/**
 * Remembers the source revision a run completed, the ETag that identified it and the importer
 * version that made the catalog from it, if `runId` still holds the lock (false otherwise:
 * nothing is written).
 */
export async function completeSyncRevision(
  db: Db,
  job: string,
  runId: number,
  completed: { revision: string | null; etag: string | null; importVersion: string },
) {
  const done = await db
    .update(syncState)
    .set({
      sourceRevision: completed.revision,
      sourceEtag: completed.etag,
      importVersion: completed.importVersion,
      updatedAt: sql`(unixepoch('subsec') * 1000)`,
    })
    .where(and(eq(syncState.job, job), eq(syncState.lockedBy, runId)))
    .returning({ job: syncState.job })
  return done.length === 1
}
