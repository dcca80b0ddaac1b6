import { sql } from 'drizzle-orm'
import type { Db } from '../client'

/**
 * Downloads, unique downloaders and new votes of one model per UTC day from `from` to `to` (both
 * 'YYYY-MM-DD', inclusive). Only days with activity are returned, in day order.
 */
export async function listModelDailyUsage(db: Db, modelId: number, from: string, to: string) {
  return db.all<{ day: string; downloads: number; uniqueDownloaders: number; votes: number }>(sql`
    select day, sum(downloads) as downloads, sum(unique_downloaders) as uniqueDownloaders,
      sum(votes) as votes
    from (
      select day, downloads, unique_downloaders, 0 as votes from usage_daily
      where model_id = ${modelId} and day between ${from} and ${to}
      union all
      select date(created_at / 1000, 'unixepoch') as day, 0, 0, 1 from votes
      where model_id = ${modelId} and date(created_at / 1000, 'unixepoch') between ${from} and ${to}
    ) group by day order by day`)
}

/** A model's listed variations with their downloads of all time. */
export async function listVariationDownloadTotals(db: Db, modelId: number) {
  return db.all<{ id: number; framework: string; slug: string; downloads: number }>(sql`
    select va.id, va.framework, va.slug,
      coalesce((select sum(u.downloads) from usage_daily_versions u where u.variation_id = va.id), 0)
        as downloads
    from variations va
    where va.model_id = ${modelId} and va.is_listed = 1
    order by va.framework, va.slug`)
}

/** Downloads of a model per variation and UTC day from `from` to `to`; days with none are left out. */
export async function listVariationDailyDownloads(
  db: Db,
  modelId: number,
  from: string,
  to: string,
) {
  return db.all<{ variationId: number; day: string; downloads: number }>(sql`
    select variation_id as variationId, day, sum(downloads) as downloads
    from usage_daily_versions
    where model_id = ${modelId} and day between ${from} and ${to}
    group by variation_id, day`)
}
