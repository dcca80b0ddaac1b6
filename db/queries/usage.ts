import { sql } from 'drizzle-orm'
import type { Db } from '../client'
import { models, usageDaily } from '../schema'

/** Counts one download of a model: its daily rollup and its total, in one atomic batch. */
export async function recordDownload(db: Db, modelId: number, at = new Date()) {
  const day = at.toISOString().slice(0, 10)
  await db.batch([
    db
      .insert(usageDaily)
      .values({ modelId, day, downloads: 1 })
      .onConflictDoUpdate({ target: [usageDaily.modelId, usageDaily.day], set: { downloads: sql`${usageDaily.downloads} + 1` } }),
    db
      .update(models)
      .set({ downloadCount: sql`${models.downloadCount} + 1` })
      .where(sql`${models.id} = ${modelId}`),
  ])
}
