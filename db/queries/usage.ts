import { sql } from 'drizzle-orm'
import type { Db } from '../client'
import { models, usageDaily } from '../schema'

/** Hotness is log2 of activity decayed with this half-life, in half-lives since this epoch
 * (docs/search.md); the same constants are in the triggers of migration 0004. */
const hotnessEpochMs = Date.UTC(2024, 0, 1)
const hotnessHalfLifeMs = 7 * 24 * 3600 * 1000

/** The SQL that adds one event of this weight at this time to a model's hotness. */
function hotnessBump(weight: number, at: Date) {
  const exponent = (at.getTime() - hotnessEpochMs) / hotnessHalfLifeMs
  return sql`log2(pow(2, hotness) + ${weight} * pow(2, ${exponent}))`
}

/** Counts one download of a model: its daily rollup and its total, in one atomic batch. */
export async function recordDownload(db: Db, modelId: number, at = new Date()) {
  const day = at.toISOString().slice(0, 10)
  await db.batch([
    db
      .insert(usageDaily)
      .values({ modelId, day, downloads: 1 })
      .onConflictDoUpdate({
        target: [usageDaily.modelId, usageDaily.day],
        set: { downloads: sql`${usageDaily.downloads} + 1` },
      }),
    db
      .update(models)
      // a download counts at its UTC day, as the full recomputation from usage_daily does
      .set({
        downloadCount: sql`${models.downloadCount} + 1`,
        hotness: hotnessBump(1, new Date(`${day}T00:00:00Z`)),
      })
      .where(sql`${models.id} = ${modelId}`),
  ])
}
