import { sql } from 'drizzle-orm'
import type { Db } from '../client'
import { runInBatches } from './bulk'

/**
 * Rewrites the full-text rows of these models from the catalog tables; unlisted and private
 * models are removed from the index. Call after any write that changes what a model is found by.
 */
export async function reindexModels(db: Db, modelIds: number[]) {
  const statements = []
  for (let i = 0; i < modelIds.length; i += 400) {
    const ids = JSON.stringify(modelIds.slice(i, i + 400))
    statements.push(sql`delete from models_fts where rowid in (select value from json_each(${ids}))`)
    statements.push(sql`
      insert into models_fts (rowid, title, subtitle, owner, tags, variations, card)
      select m.id, m.title || ' ' || m.slug, m.subtitle, o.slug || ' ' || o.display_name,
        coalesce((select group_concat(t.name || ' ' || t.slug, ' ')
                  from model_tags mt join tags t on t.id = mt.tag_id where mt.model_id = m.id), ''),
        coalesce((select group_concat(v.framework || ' ' || v.slug, ' ')
                  from variations v where v.model_id = m.id and v.is_listed = 1), ''),
        m.card_md
      from models m join owners o on o.id = m.owner_id
      where m.id in (select value from json_each(${ids})) and m.is_listed = 1 and m.is_private = 0`)
  }
  await runInBatches(db, statements)
}
