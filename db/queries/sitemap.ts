import { sql } from 'drizzle-orm'
import type { Db } from '../client'

/** How many models the sitemap lists: the listed public ones. */
export async function countSitemapModels(db: Db) {
  const row = await db.get<{ n: number }>(
    sql`select count(*) as n from models where is_listed = 1 and is_private = 0`,
  )
  return row?.n ?? 0
}

/** One part of the sitemap's models, in id order: owner and model slugs, last change (ms). */
export async function listSitemapModels(db: Db, offset: number, limit: number) {
  return db.all<{ owner: string; model: string; updatedAt: number }>(sql`
    select o.slug as owner, m.slug as model, m.updated_at as updatedAt
    from models m join owners o on o.id = m.owner_id
    where m.is_listed = 1 and m.is_private = 0
    order by m.id limit ${limit} offset ${offset}`)
}

/** Owners with at least one listed public model, by slug. */
export async function listSitemapOwners(db: Db, limit: number) {
  return db.all<{ owner: string }>(sql`
    select o.slug as owner from owners o
    where exists (select 1 from models m
      where m.owner_id = o.id and m.is_listed = 1 and m.is_private = 0)
    order by o.slug limit ${limit}`)
}
