import { desc, eq } from 'drizzle-orm'
import type { Db } from '../client'
import { syncRuns } from '../schema'

export type SyncRun = typeof syncRuns.$inferSelect

/** Records the start of a job run and returns its id. */
export async function startSyncRun(db: Db, job: string, trigger: SyncRun['trigger']) {
  const [run] = await db
    .insert(syncRuns)
    .values({ job, trigger, status: 'running', startedAt: new Date() })
    .returning({ id: syncRuns.id })
  return run!.id
}

/** Stores a run's outcome and counts. */
export async function finishSyncRun(
  db: Db,
  id: number,
  result: Partial<Omit<SyncRun, 'id' | 'job' | 'trigger' | 'startedAt'>> & {
    status: SyncRun['status']
  },
) {
  await db
    .update(syncRuns)
    .set({ ...result, finishedAt: new Date() })
    .where(eq(syncRuns.id, id))
}

/** The newest runs of a job, newest first. */
export async function listSyncRuns(db: Db, job: string, limit = 20) {
  return db
    .select()
    .from(syncRuns)
    .where(eq(syncRuns.job, job))
    .orderBy(desc(syncRuns.startedAt), desc(syncRuns.id))
    .limit(limit)
}
