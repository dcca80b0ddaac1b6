import { sql } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { runInBatches } from '../../db/queries/bulk'

/**
 * Rewrites what search knows about these models (full-text row, facet values, doc score,
 * hotness) from the catalog tables; unlisted and private models leave the index. The triggers of
 * migration 0004 already do this on every catalog write, so this is a repair, and harmless to
 * repeat. Inserting the ids into search_reindex runs the same trigger.
 */
export async function reindexModels(db: Db, modelIds: number[]) {
  const statements = []
  for (let i = 0; i < modelIds.length; i += 400) {
    const ids = JSON.stringify(modelIds.slice(i, i + 400))
    statements.push(sql`insert into search_reindex (model_id) select value from json_each(${ids})`)
  }
  await runInBatches(db, statements)
}
