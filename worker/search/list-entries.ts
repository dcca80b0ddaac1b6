// What a list page shows of each model, read by the statement that reads the page.
import { sql } from 'drizzle-orm'
import type { Db } from '../../db/client'
import type { ModelSummary } from '../../db/queries/models'
import { searchPage, searchTuning, type PageDetails, type SearchParams } from './plan'

/** A model as a list page shows it: without its card, with its tags and frameworks. */
export interface ListEntry extends ModelSummary {
  tags: { type: string; slug: string; name: string }[]
  frameworks: string[]
}

/**
 * One page of public models for a search (plan.ts) with their owner, licence, tags
 * and frameworks, the total number of matches, the next page's cursor and, when asked, facet
 * counts with their labels. A page's entries are read by the statement that reads the page.
 */
export async function listModels(db: Db, params: SearchParams) {
  const found = await searchPage(db, params, searchTuning, withListEntries)
  return { ...found, entries: found.rows.map((row) => parseListEntry(row.d!)) }
}

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
