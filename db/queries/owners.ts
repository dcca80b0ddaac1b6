import { eq, sql } from 'drizzle-orm'
import type { Db } from '../client'
import { owners } from '../schema'

/** An owner by slug, or undefined. */
export async function getOwnerBySlug(db: Db, slug: string) {
  const [row] = await db.select().from(owners).where(eq(owners.slug, slug))
  return row
}

/** Totals over an owner's public models, and how many of them offer each framework. */
export async function getOwnerCounts(db: Db, ownerId: number) {
  const totals = await db.get<{
    models: number
    downloads: number | null
    votes: number | null
  }>(sql`
    select count(*) as models, sum(download_count) as downloads, sum(vote_count) as votes
    from models where owner_id = ${ownerId} and is_listed = 1 and is_private = 0`)
  const frameworks = await db.all<{ framework: string; models: number }>(sql`
    select v.framework as framework, count(distinct v.model_id) as models
    from variations v join models m on m.id = v.model_id
    where m.owner_id = ${ownerId} and m.is_listed = 1 and m.is_private = 0 and v.is_listed = 1
    group by v.framework order by models desc, v.framework`)
  return {
    models: totals?.models ?? 0,
    downloads: totals?.downloads ?? 0,
    votes: totals?.votes ?? 0,
    frameworks,
  }
}
