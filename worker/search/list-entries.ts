// What a list page shows of each model, read by the statement that reads the page.
import { sql } from 'drizzle-orm'
import type { Db } from '../../db/client'
import type { ModelSummary } from '../../db/queries/models'
import { searchPage, searchTuning, type PageDetails, type SearchParams } from './plan'

/** A model as a list page shows it: without its card, with its tags and frameworks. */
export interface ListEntry extends ModelSummary {
  tags: { type: string; slug: string; name: string }[]
  frameworks: string[]
  /** 'framework/slug' of the family's variations the search names beyond the family itself */
  matchingVariations?: string[]
}

/**
 * One page of public models for a search (plan.ts) with their owner, licence, tags
 * and frameworks, the total number of matches, the next page's cursor and, when asked, facet
 * counts with their labels. A page's entries are read by the statement that reads the page.
 */
export async function listModels(db: Db, params: SearchParams) {
  const found = await searchPage(db, params, searchTuning, withListEntries)
  const entries = found.rows.map((row) => parseListEntry(row.d!))
  if (params.text?.slug) await nameMatchingVariations(db, entries, params.text.slug)
  return { ...found, entries }
}

/**
 * A family shows once in a search (docs/search.md, "Families"): the variations the search's words
 * name, the words that name the family itself aside ("thunder movenet" → MoveNet's
 * `…/singlepose-thunder` variations), are named on its entry. One statement for the page.
 */
async function nameMatchingVariations(db: Db, entries: ListEntry[], querySlug: string) {
  const words = querySlug.split('-').filter(Boolean)
  const wanted = new Map<number, string[]>()
  for (const entry of entries) {
    const own = new Set(`${entry.model.slug}-${slugWords(entry.model.title)}`.split('-'))
    const rest = words.filter((w) => !own.has(w))
    if (rest.length) wanted.set(entry.model.id, rest)
  }
  if (!wanted.size) return
  const rows = await db.all<{ model_id: number; framework: string; slug: string }>(
    sql`select model_id, framework, slug from variations
      where is_listed = 1 and model_id in (select value from json_each(${JSON.stringify([...wanted.keys()])}))
      order by model_id, framework, slug`,
  )
  const byModel = new Map<number, string[]>()
  for (const row of rows) {
    const name = `${row.framework}-${row.slug}`.toLowerCase()
    const tokens = name.split('-')
    const rest = wanted.get(row.model_id)!
    if (!rest.every((w) => tokens.some((t) => t.startsWith(w)))) continue
    byModel.set(row.model_id, [
      ...(byModel.get(row.model_id) ?? []),
      `${row.framework}/${row.slug}`,
    ])
  }
  for (const entry of entries) {
    const names = byModel.get(entry.model.id)
    if (names?.length) entry.matchingVariations = names
  }
}

const slugWords = (text: string) =>
  text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^a-z0-9]+/g, '-')

/**
 * The rows of a page statement with each model's list entry as one JSON object (d): the model
 * without its card, its owner, licence, tags and listed frameworks.
 */
export const withListEntries: PageDetails = (
  page,
  order,
) => sql`select p.id as id, p.v as v, json_object(
    'model', json_object('id', m.id, 'slug', m.slug, 'title', m.title, 'subtitle', m.subtitle, 'isPrivate', m.is_private,
      'publishedAt', m.published_at, 'createdAt', m.created_at, 'updatedAt', m.updated_at, 'voteCount', m.vote_count,
      'downloadCount', m.download_count, 'notebookCount', m.notebook_count, 'discussionCount', m.discussion_count,
      'licenseSource', m.license_source, 'fineTunable', m.fine_tunable, 'provenance', m.provenance,
      'sourceHandle', m.source_handle, 'sourceUrl', m.source_url),
    'owner', json_object('slug', o.slug, 'displayName', o.display_name, 'avatarUrl', o.avatar_url),
    -- a subquery's JSON arrives as text: json() makes it JSON again
    'license', json((select json_object('id', l.id, 'name', l.name, 'spdx', l.spdx, 'url', l.url,
      'commercialUse', l.commercial_use, 'modification', l.modification, 'distribution', l.distribution,
      'attributionRequired', l.attribution_required, 'shareAlike', l.share_alike, 'patentGrant', l.patent_grant)
      from licenses l where l.id = m.license_id)),
    'tags', json((select json_group_array(json_object('type', t.type, 'slug', t.slug, 'name', t.name))
      from (select t.type, t.slug, t.name from model_tags mt join tags t on t.id = mt.tag_id where mt.model_id = m.id order by t.type, t.slug) t)),
    'frameworks', json((select json_group_array(framework)
      from (select distinct framework from variations v where v.model_id = m.id and v.is_listed = 1 order by framework)))
  ) as d
  from (${page}) p join models m on m.id = p.id join owners o on o.id = m.owner_id
  order by ${order}`

type Flag = 0 | 1
interface ListEntryJson {
  model: Omit<
    ListEntry['model'],
    'isPrivate' | 'fineTunable' | 'publishedAt' | 'createdAt' | 'updatedAt'
  > & {
    isPrivate: Flag
    fineTunable: Flag | null
    publishedAt: number | null
    createdAt: number
    updatedAt: number
  }
  owner: ListEntry['owner']
  license:
    | {
        [K in keyof NonNullable<ListEntry['license']>]: NonNullable<
          ListEntry['license']
        >[K] extends boolean
          ? Flag
          : NonNullable<ListEntry['license']>[K]
      }
    | null
  tags: ListEntry['tags']
  frameworks: string[]
}

/** A list entry from withListEntries' JSON: SQLite's 0/1 back to booleans, milliseconds to dates. */
function parseListEntry(json: string): ListEntry {
  const { model, owner, license, tags, frameworks } = JSON.parse(json) as ListEntryJson
  return {
    model: {
      ...model,
      isPrivate: model.isPrivate === 1,
      fineTunable: model.fineTunable === null ? null : model.fineTunable === 1,
      publishedAt: model.publishedAt === null ? null : new Date(model.publishedAt),
      createdAt: new Date(model.createdAt),
      updatedAt: new Date(model.updatedAt),
    },
    owner,
    license: license && {
      ...license,
      commercialUse: license.commercialUse === 1,
      modification: license.modification === 1,
      distribution: license.distribution === 1,
      attributionRequired: license.attributionRequired === 1,
      shareAlike: license.shareAlike === 1,
      patentGrant: license.patentGrant === 1,
    },
    tags,
    frameworks,
  }
}
