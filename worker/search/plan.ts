// Model search: full text (models_fts), facet filters and counts (model_facets, facet_counts),
// sorts and keyset pages. The tables are kept by the triggers of migration 0004; the choices are
// explained in docs/search.md.
import { sql, type SQL } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { facetGroups, type FacetGroup, type SearchSort } from '../vocabulary'
import { allBatch } from './batch'
import { idSetText, inIdSet } from './bitset'
import { FacetIndex, parseIds, type FacetSearchResult } from './facet-index'

/** Groups whose values must all hold (a licence grants every right asked for); the rest are OR. */
const conjunctiveGroups: ReadonlySet<FacetGroup> = new Set(['rights'])

type ColumnSort = Exclude<SearchSort, 'relevance'>
const sortIndex: Record<ColumnSort, { column: string; index: string }> = {
  hotness: { column: 'hotness', index: 'models_public_hotness_idx' },
  downloadCount: { column: 'download_count', index: 'models_public_downloads_idx' },
  voteCount: { column: 'vote_count', index: 'models_public_votes_idx' },
  notebookCount: { column: 'notebook_count', index: 'models_public_notebooks_idx' },
  publishTime: { column: 'published_at', index: 'models_public_published_idx' },
  createTime: { column: 'created_at', index: 'models_public_created_idx' },
  updateTime: { column: 'updated_at', index: 'models_public_updated_idx' },
}

/** Where the search switches between ways of reading a page; every way gives the same pages
 * (tested by forcing each), only the cost differs. */
export const searchTuning = {
  /**
   * Relevance scores the text's matches with bm25 only when there are at most this many (filters
   * aside: FTS5 scores every match of the text, 1.5 to 3 µs each at 100,000 models). Broader words
   * are common to much of the catalog (their IDF is low, so bm25 orders them weakly); their
   * matches are ordered by hotness instead.
   */
  rankedMatchLimit: 5000,
  /** Up to this many matches, a page reads their sort values by id (models_public_sort_values_idx)
   * and sorts them; beyond, SQLite walks the sort's index and keeps the rows in the set of matches
   * (bitset.ts), which costs little when matches are common and most when they are few and far. */
  sparseMatches: 2000,
}
export type SearchTuning = typeof searchTuning

// bm25 column weights: title, subtitle, owner, tags, variations, card
const bm25 = sql.raw('bm25(models_fts, 10.0, 4.0, 3.0, 3.0, 2.0, 1.0)')
const visible = sql.raw('m.is_listed = 1 and m.is_private = 0')

interface SearchText {
  /** FTS5 expression with every term required */
  all: string
  /** FTS5 expression with any term, tried when nothing has every term */
  any?: string
  /** the wanted words as a slug: the models named by it rank higher (nameBoost) */
  slug?: string
}

/** Where a page ended, and how the query was run, so the next page continues the same order. */
export interface SearchCursor {
  /** sort value of the last row (relevance: its score or hotness); null for an unpublished model */
  v: number | null
  /** id of the last row */
  i: number
  /** relevance ran on hotness (the text had more than rankedMatchLimit matches) */
  h?: boolean
  /** the text matched with any term instead of every term */
  a?: boolean
}

export interface SearchParams {
  text?: SearchText
  /** facet values by group, e.g. { framework: ['tfJs'], rights: ['commercial-use'] } */
  filters?: Partial<Record<FacetGroup, string[]>>
  /** only models whose latest version has at most this many bytes (unknown sizes excluded) */
  maxSizeBytes?: number
  sort: SearchSort
  limit: number
  after?: SearchCursor
  /** also count, per facet group (all, or these), the models each value would give */
  facets?: boolean | FacetGroup[]
}

export interface FacetCount {
  value: string
  count: number
  /** the value's display name where the catalog has one (tags, licences, owners) */
  label?: string
}

/** A row of a page: the model and its sort value, with its details (d) when the caller asked for them. */
interface PageRow {
  id: number
  v: number | null
  d?: string
}

/**
 * Wraps a page statement (columns id and v) into one that answers each row's details as a column
 * d beside them, in the given order of p.id and p.v, so that a page and everything it shows take
 * one D1 round trip.
 */
export type PageDetails = (page: SQL, order: SQL) => SQL

export interface SearchResult {
  rows: PageRow[]
  total: number
  /** cursor for the next page; undefined on the last page */
  next?: SearchCursor
  facets?: Partial<Record<FacetGroup, FacetCount[]>>
}

/**
 * One page of public models for a search: rows in order (with their details, if `details` is
 * given), the total number of matches, the cursor of the next page and, when asked, facet counts.
 * Filters, totals and facet counts come from the isolate's copy of model_facets (facet-index.ts),
 * brought up to date in a D1 batch with the request's first reads; the page is read in the sort's
 * order from D1. Keyset-paged: a page continues after the previous page's last (sort value, id),
 * so rows added or removed meanwhile shift nothing.
 *
 * Round trips: without text, one (the page is planned on the index as it stands and read in the
 * same batch that brings the index up to date; it is planned again if that batch found changes);
 * with text, two (the text's matches, then the page).
 */
export async function searchPage(
  db: Db,
  params: SearchParams,
  tuning: SearchTuning = searchTuning,
  details?: PageDetails,
): Promise<SearchResult> {
  const filters = normaliseFilters(params.filters)
  const wanted = params.facets ? (params.facets === true ? facetGroups : params.facets) : undefined
  const query = {
    filters,
    conjunctive: conjunctiveGroups,
    maxSizeBytes: params.maxSizeBytes,
    facets: wanted,
  }
  const context: PlanContext = {
    params,
    tuning,
    details,
    filters,
    sort: params.sort === 'relevance' ? 'hotness' : params.sort,
  }
  let anyTerm = Boolean(params.after?.a && params.text?.any)
  let match = anyTerm ? params.text!.any : params.text?.all

  const sync = FacetIndex.sync()
  const planned = !match && sync.current ? plan(context, sync.current.search(query)) : undefined
  const answers = await allBatch<Record<string, unknown>>(db, [
    ...sync.statements,
    ...(match ? [textMatches(match)] : (planned?.statements ?? [])),
  ])
  const { index, changed } = await sync.finish(answers, (statements) => allBatch(db, statements))
  const own = answers.slice(sync.statements.length)
  if (!match) {
    const { statements, finish } =
      planned && !changed ? planned : plan(context, index.search(query))
    return finish(planned && !changed ? own : await allBatch(db, statements))
  }

  let textIds = parseIds(own[0]![0]?.ids as string | null)
  let found = index.search({ ...query, text: textIds })
  if (found.total === 0 && !anyTerm && !params.after && params.text?.any) {
    // nothing has every word: show what has any of them
    anyTerm = true
    match = params.text.any
    const [rows] = await allBatch<{ ids: string | null }>(db, [textMatches(match)])
    textIds = parseIds(rows![0]?.ids)
    found = index.search({ ...query, text: textIds })
  }
  const { statements, finish } = plan(context, found, { match, count: textIds.length, anyTerm })
  return finish(await allBatch(db, statements))
}

interface PlanContext {
  params: SearchParams
  tuning: SearchTuning
  details?: PageDetails
  filters: Partial<Record<FacetGroup, string[]>>
  /** the column a page is read in (relevance over broad text: hotness) */
  sort: ColumnSort
}

interface Plan {
  /** what to read in one batch */
  statements: SQL[]
  /** the answer from the statements' answers */
  finish: (answers: unknown[][]) => SearchResult
}

/** How a search's page and facet labels are read, once its matches are known. */
function plan(
  context: PlanContext,
  found: FacetSearchResult,
  text?: { match: string; count: number; anyTerm: boolean },
): Plan {
  const { params, tuning } = context
  const facets = found.counts ? limitFacets(found.counts, context.filters) : undefined
  const byHotness = Boolean(
    text &&
    params.sort === 'relevance' &&
    (params.after ? params.after.h : text.count > tuning.rankedMatchLimit),
  )
  const page =
    found.total > 0
      ? pageStatement(
          context,
          found,
          text && params.sort === 'relevance' && !byHotness ? text.match : undefined,
        )
      : undefined
  const labels = facets && facetLabels(facets)
  return {
    statements: [...(page ? [page] : []), ...(labels ? [labels] : [])],
    finish: (answers) => {
      // the page reads one row more than it shows: a next page exists only if that row does
      const read = page ? (answers[0] as PageRow[]) : []
      const rows = read.slice(0, params.limit)
      if (facets) {
        const label = new Map(
          (answers.at(-1) as { facet: string; label: string }[]).map((r) => [r.facet, r.label]),
        )
        for (const [group, counts] of Object.entries(facets))
          for (const c of counts) c.label = label.get(`${group}:${c.value}`)
      }
      const last = rows.at(-1)
      return {
        rows,
        total: found.total,
        next:
          read.length > params.limit && last
            ? {
                v: last.v,
                i: last.id,
                ...(byHotness && { h: true }),
                ...(text?.anyTerm && { a: true }),
              }
            : undefined,
        facets,
      }
    },
  }
}

/** The statement that reads a page. */
function pageStatement(
  context: PlanContext,
  found: FacetSearchResult,
  rankedText: string | undefined,
): SQL {
  const { params, tuning, sort } = context
  const { matches, matchBits } = found
  const narrowed = Object.keys(context.filters).length > 0 || params.maxSizeBytes !== undefined
  const withDetails = (page: SQL, order: string) =>
    context.details ? context.details(page, sql.raw(order)) : page
  if (rankedText)
    return withDetails(
      rankedPage(rankedText, narrowed ? matchBits : undefined, params),
      'p.v, p.id',
    )
  const inOrder = 'p.v desc, p.id desc'
  if (!matches || !matchBits)
    return withDetails(sortedPage(sort, [], 'walk', params.after, params.limit + 1), inOrder)
  if (matches.length <= tuning.sparseMatches) {
    return withDetails(
      sortedPage(sort, [sql`m.id in ${idList(matches)}`], 'by id', params.after, params.limit + 1),
      inOrder,
    )
  }
  return withDetails(
    sortedPage(
      sort,
      [inIdSet(sql`m.id`, idSetText(matchBits))],
      'walk',
      params.after,
      params.limit + 1,
    ),
    inOrder,
  )
}

function normaliseFilters(filters: SearchParams['filters'] = {}) {
  const out: Partial<Record<FacetGroup, string[]>> = {}
  for (const group of facetGroups) {
    const values = [...new Set(filters[group] ?? [])].filter(Boolean)
    if (values.length) out[group] = values
  }
  return out
}

/** Ids of the listed models matching an FTS expression, ascending, as one comma-separated string. */
const textMatches = (match: string) =>
  sql`select group_concat(rowid) as ids from models_fts where models_fts match ${match}`

// a JSON array parameter: D1 allows 100 bound parameters, and matches run into the thousands
const idList = (ids: Int32Array) =>
  sql`(select value from json_each(${JSON.stringify(Array.from(ids))}))`

function cursorCondition(sort: ColumnSort, after: SearchCursor | undefined): SQL[] {
  if (!after) return []
  const col = sql.raw(`m.${sortIndex[sort].column}`)
  if (after.v === null) return [sql`${col} is null and m.id < ${after.i}`]
  if (sort === 'publishTime')
    return [sql`((${col}, m.id) < (${after.v}, ${after.i}) or ${col} is null)`]
  return [sql`(${col}, m.id) < (${after.v}, ${after.i})`]
}

/** Models in a column's order, newest / largest first: walking the sort's partial index, or
 * looking up the sort values of the ids the conditions give and sorting them. */
function sortedPage(
  sort: ColumnSort,
  parts: SQL[],
  access: 'walk' | 'by id',
  after: SearchCursor | undefined,
  limit: number,
) {
  const { column, index } = sortIndex[sort]
  const col = sql.raw(`m.${column}`)
  return sql`select m.id as id, ${col} as v from models m indexed by ${sql.raw(access === 'walk' ? index : 'models_public_sort_values_idx')}
    where ${sql.join([visible, ...parts, ...cursorCondition(sort, after)], sql` and `)} order by ${col} desc, m.id desc limit ${limit}`
}

/**
 * A page by relevance of the text's matches (or of these, when filters narrow them): bm25, 5% more
 * per documentation point (card, licence, files), and a name boost (`nameBoost`) for the models the
 * search names. FTS5 scores the matches on their own first (scoring inside a join to models tripled
 * the cost); the documentation points come from models_public_docs_idx and the names from
 * models_slug_idx, so no model row is read. The next page re-reads the cursor row's current score,
 * so scores that shift as rows are added (bm25 depends on the whole index) do not repeat or skip
 * rows.
 */
function rankedPage(match: string, narrowed: Uint32Array | undefined, params: SearchParams) {
  const after = params.after
  return sql`with scored as materialized (select rowid as id, ${bm25} as b from models_fts where models_fts match ${match}),
      ${nameBoost(params.text?.slug ?? '')},
      ranked as materialized (select scored.id as id, scored.b * (1 + 0.05 * m.doc_score) * coalesce(broad.f, named.f, 1) as v
        from scored join models m indexed by models_public_docs_idx on m.id = scored.id
        left join named on named.id = scored.id left join broad on broad.id = scored.id
        where ${visible}${narrowed ? sql` and ${inIdSet(sql`scored.id`, idSetText(narrowed))}` : sql``})
    select id, v from ranked
    ${after ? sql`where (v, id) > (coalesce((select v from ranked where id = ${after.i}), ${after.v ?? 0}), ${after.i})` : sql``}
    order by v, id limit ${params.limit + 1}`
}

/**
 * The models a search names, with their factor (docs/search.md, "Relevance"), as the CTEs `named`
 * and `broad` of rankedPage (whose `scored` they read): 2 for a model whose slug is the search's
 * words ('bert' → tensorflow/bert, google/bert), 1.5 for one whose slug begins with them as whole
 * words ('mobilenet' → mobilenet-v2, mobilenet-v1-100-224); the best `broadNamed` of these by
 * score also times 1 + log2(1 + its listed versions) / 10, the family's breadth: a family gathers
 * the variations of a name that TF Hub spread over near-duplicate handles, so among the models of
 * that name the family that holds most of it ranks first. `named` is a range of models_slug_idx
 * (no model row read: only listed public models are in `scored`); the versions are counted for
 * `broadNamed` models at most, by index, however many share the name.
 */
const broadNamed = 100

function nameBoost(slug: string) {
  // '-' + 1 is '.': the slugs that begin with `${slug}-`
  const prefix = slug ? sql` or (m.slug > ${`${slug}-`} and m.slug < ${`${slug}.`})` : sql``
  return sql`named as materialized (select m.id as id, iif(m.slug = ${slug}, 2.0, 1.5) as f
        from models m where m.slug = ${slug}${prefix}),
      best as materialized (select scored.id as id, named.f as f from scored join named on named.id = scored.id
        order by scored.b * named.f, scored.id limit ${broadNamed}),
      broad as materialized (select best.id as id, best.f * (1 + log2(1 + (select count(*)
          from variations va join versions ve on ve.variation_id = va.id
          where va.model_id = best.id and va.is_listed = 1 and ve.is_listed = 1)) / 10.0) as f
        from best)`
}

/** The most frequent values a facet group lists (owners run into the thousands at scale). */
const facetValueLimit = 50

function limitFacets(
  counts: Partial<Record<FacetGroup, FacetCount[]>>,
  filters: Partial<Record<FacetGroup, string[]>>,
) {
  for (const group of Object.keys(counts) as FacetGroup[]) {
    const selected = new Set(filters[group] ?? [])
    counts[group] = counts[group]!.sort(
      (a, b) => b.count - a.count || a.value.localeCompare(b.value),
    ).filter((c, i) => i < facetValueLimit || selected.has(c.value))
  }
  return counts
}

/** Display names of the facet values that have one in the catalog (tags, licences, owners), by facet key. */
function facetLabels(facets: Partial<Record<FacetGroup, FacetCount[]>>) {
  const keys = Object.entries(facets).flatMap(([group, counts]) =>
    (counts ?? []).map((c) => `${group}:${c.value}`),
  )
  return sql`with wanted as (select value as facet, substr(value, 1, instr(value, ':') - 1) as g, substr(value, instr(value, ':') + 1) as v
                    from json_each(${JSON.stringify(keys)}))
    select w.facet, t.name as label from wanted w join tags t on t.type = iif(w.g = 'dataType', 'data_type', w.g) and t.slug = w.v
    union all select w.facet, l.name from wanted w join licenses l on w.g = 'license' and l.id = w.v
    union all select w.facet, o.display_name from wanted w join owners o on w.g = 'owner' and o.slug = w.v`
}
