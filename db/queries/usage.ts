import { sql } from 'drizzle-orm'
import type { Db } from '../client'
import { models, usageDaily } from '../schema'
import { hotnessBump } from './search'

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
      // a download counts at its UTC day, as the full recomputation from usage_daily does
      .set({ downloadCount: sql`${models.downloadCount} + 1`, hotness: hotnessBump(1, new Date(`${day}T00:00:00Z`)) })
      .where(sql`${models.id} = ${modelId}`),
  ])
}
