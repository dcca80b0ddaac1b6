import { sql } from 'drizzle-orm'
import type { Db } from '../client'

/**
 * Downloads and new votes of one model per UTC day from `from` to `to` (both 'YYYY-MM-DD',
 * inclusive). Only days with activity are returned, in day order.
 */
export async function listModelDailyUsage(db: Db, modelId: number, from: string, to: string) {
  return db.all<{ day: string; downloads: number; votes: number }>(sql`
    select day, sum(downloads) as downloads, sum(votes) as votes from (
      select day, downloads, 0 as votes from usage_daily
      where model_id = ${modelId} and day between ${from} and ${to}
      union all
      select date(created_at / 1000, 'unixepoch') as day, 0 as downloads, 1 as votes from votes
      where model_id = ${modelId} and date(created_at / 1000, 'unixepoch') between ${from} and ${to}
    ) group by day order by day`)
}
