// The old handle a path names, if it moved (docs/tfhub.md, "Old handles"): the most specific
// alias of `owner/model[/framework/variation[/number]]` whose old model is not a live one.
import type { Db } from '../client'
import { sql } from 'drizzle-orm'

export interface MovedHandle {
  /** how many of the path's segments the alias replaced: 2, 4 or 5 */
  matched: number
  owner: string
  model: string
  framework: string | null
  variation: string | null
  number: number | null
}

export async function findMovedHandle(db: Db, segments: string[]): Promise<MovedHandle | null> {
  const [owner, model] = segments
  if (!owner || !model) return null
  const candidates = [5, 4, 2]
    .filter((n) => segments.length >= n)
    .map((n) => segments.slice(0, n).join('/').toLowerCase())
  const [row] = await db.all<{
    old_path: string
    owner: string
    model: string
    framework: string | null
    variation: string | null
    number: number | null
  }>(sql`select a.old_path, o.slug as owner, m.slug as model, va.framework, va.slug as variation,
      ve.number
    from handle_aliases a
    join models m on m.id = a.model_id and m.is_listed = 1 and m.is_private = 0
    join owners o on o.id = m.owner_id
    left join variations va on va.id = a.variation_id
    left join versions ve on ve.id = a.version_id
    where a.old_path in (select value from json_each(${JSON.stringify(candidates)}))
      and not exists (select 1 from models lm join owners lo on lo.id = lm.owner_id
        where lo.slug = ${owner} and lm.slug = ${model} and lm.is_listed = 1)
    order by length(a.old_path) desc limit 1`)
  if (!row) return null
  return {
    matched: row.old_path.split('/').length,
    owner: row.owner,
    model: row.model,
    framework: row.framework,
    variation: row.variation,
    number: row.number,
  }
}

/** The path segments with the moved ones replaced by where they live now. */
export function movedSegments(segments: string[], moved: MovedHandle) {
  const head = [moved.owner, moved.model]
  if (moved.matched >= 4) head.push(moved.framework!, moved.variation!)
  if (moved.matched === 5) head.push(String(moved.number))
  return [...head, ...segments.slice(moved.matched)]
}
