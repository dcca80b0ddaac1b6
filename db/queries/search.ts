// Model search: full text (models_fts), facet filters and counts (model_facets, facet_counts),
// sorts and keyset pages. The tables are kept by the triggers of migration 0004; the choices are
// explained in docs/search.md.
import { sql, type SQL } from 'drizzle-orm'
import { SQLiteAsyncDialect } from 'drizzle-orm/sqlite-core'
import type { Db } from '../client'
import { FacetIndex, parseIds, type FacetSearchResult } from './facet-index'

export const facetGroups = [
  'framework', 'task', 'dataType', 'language', 'dataset', 'architecture', 'license', 'rights',
  'fineTunable', 'owner', 'size', 'provenance', 'documented',
] as const
export type FacetGroup = (typeof facetGroups)[number]

/** Groups whose values must all hold (a licence grants every right asked for); the rest are OR. */
export const conjunctiveGroups: ReadonlySet<FacetGroup> = new Set(['rights'])

export const searchSorts = ['hotness', 'downloadCount', 'voteCount', 'notebookCount', 'publishTime', 'createTime', 'updateTime', 'relevance'] as const
export type SearchSort = (typeof searchSorts)[number]

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
  /** Up to this many matches, a page reads them by id and sorts them (a row lookup each, past the
   * model card: 1 to 4 µs). */
  sparseMatches: 2000,
  /** Up to this many, SQLite walks the sort's index (id and value, no row reads) and checks each
   * entry against the list of matches; beyond, building the list costs more than a step of the
   * walk checked by the isolate, which usually fills the page (SQLite walks on from there if not). */
  listedMatches: 10000,
  /** The most rows the isolate reads from an index walk to check itself. */
  walkStep: 1000,
}
export type SearchTuning = typeof searchTuning

// bm25 column weights: title, subtitle, owner, tags, variations, card
const bm25 = sql.raw('bm25(models_fts, 10.0, 4.0, 3.0, 3.0, 2.0, 1.0)')
const visible = sql.raw('m.is_listed = 1 and m.is_private = 0')

/** Hotness is log2 of activity decayed with this half-life, in half-lives since this epoch
 * (docs/search.md); the same constants are in the triggers of migration 0004. */
export const hotnessEpochMs = Date.UTC(2024, 0, 1)
export const hotnessHalfLifeMs = 7 * 24 * 3600 * 1000

/** The SQL that adds one event of this weight at this time to a model's hotness. */
export function hotnessBump(weight: number, at: Date) {
  const exponent = (at.getTime() - hotnessEpochMs) / hotnessHalfLifeMs
  return sql`log2(pow(2, hotness) + ${weight} * pow(2, ${exponent}))`
}

export interface SearchText {
  /** FTS5 expression with every term required */
  all: string
  /** FTS5 expression with any term, tried when nothing has every term */
  any?: string
  /** a model whose slug is exactly this ranks as if every word hit its title twice */
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
}

export interface SearchResult {
  ids: number[]
  total: number
  /** cursor for the next page; undefined on the last page */
  next?: SearchCursor
  facets?: Partial<Record<FacetGroup, FacetCount[]>>
}

/**
 * One page of public models for a search: ids in order, the total number of matches, the cursor
 * of the next page and, when asked, facet counts. Filters, totals and facet counts come from the
 * isolate's copy of model_facets (facet-index.ts), brought up to date in the same D1 batch that
 * reads the text matches; the page is read in the sort's order from D1. Keyset-paged: a page
 * continues after the previous page's last (sort value, id), so rows added or removed meanwhile
 * shift nothing.
 */
export async function searchModels(db: Db, params: SearchParams, tuning: SearchTuning = searchTuning): Promise<SearchResult> {
  const filters = normaliseFilters(params.filters)
  const wanted = params.facets ? (params.facets === true ? facetGroups : params.facets) : undefined
  let anyTerm = Boolean(params.after?.a && params.text?.any)
  let match = anyTerm ? params.text!.any : params.text?.all

  // the whole catalog in a column's order needs nothing from the index: its page joins the batch
  const wholeCatalog = !match && !Object.keys(filters).length && params.maxSizeBytes === undefined
  const sort: ColumnSort = params.sort === 'relevance' ? 'hotness' : params.sort
  const sync = FacetIndex.sync()
  const extra = match ? textMatches(match) : wholeCatalog ? sortedPage(sort, [], 'indexed', params.after, params.limit) : undefined
  const answers = await allBatch<Record<string, unknown>>(db, [...sync.statements, ...(extra ? [extra] : [])])
  const index = await sync.finish(answers, (statements) => allBatch(db, statements))
  const query = (text?: Int32Array) =>
    index.search({ text, filters, conjunctive: conjunctiveGroups, maxSizeBytes: params.maxSizeBytes, facets: wanted })
  let textIds = match ? parseIds(answers.at(-1)![0]?.ids as string | null) : undefined
  let found = query(textIds)
  if (found.total === 0 && !anyTerm && !params.after && params.text?.any) {
    // nothing has every word: show what has any of them
    anyTerm = true
    match = params.text.any
    const [rows] = await allBatch<{ ids: string | null }>(db, [textMatches(match)])
    textIds = parseIds(rows![0]?.ids)
    found = query(textIds)
  }

  let rows: Row[] = []
  let byHotness = false
  if (wholeCatalog) {
    rows = answers.at(-1) as unknown as Row[]
  } else if (found.total > 0) {
    if (params.sort === 'relevance' && match) byHotness = params.after ? Boolean(params.after.h) : textIds!.length > tuning.rankedMatchLimit
    const narrowed = Object.keys(filters).length > 0 || params.maxSizeBytes !== undefined
    if (params.sort === 'relevance' && match && !byHotness) {
      rows = await rankedPage(db, index, match, narrowed ? found.isMatch : undefined, params)
    } else {
      rows = await columnPage(db, sort, found, params, index.listedCount(), tuning)
    }
  }
  const last = rows.at(-1)
  return {
    ids: rows.map((r) => r.id),
    total: found.total,
    next: rows.length === params.limit && last ? { v: last.v, i: last.id, ...(byHotness && { h: true }), ...(anyTerm && { a: true }) } : undefined,
    facets: found.counts ? limitFacets(found.counts, filters) : undefined,
  }
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
const textMatches = (match: string) => sql`select group_concat(rowid) as ids from models_fts where models_fts match ${match}`

// a JSON array parameter: D1 allows 100 bound parameters, and pages of matches hold thousands
const idList = (ids: Int32Array) => sql`(select value from json_each(${JSON.stringify(Array.from(ids))}))`

function cursorCondition(sort: ColumnSort, after: SearchCursor | undefined): SQL[] {
  if (!after) return []
  const col = sql.raw(`m.${sortIndex[sort].column}`)
  if (after.v === null) return [sql`${col} is null and m.id < ${after.i}`]
  if (sort === 'publishTime') return [sql`((${col}, m.id) < (${after.v}, ${after.i}) or ${col} is null)`]
  return [sql`(${col}, m.id) < (${after.v}, ${after.i})`]
}

interface Row {
  id: number
  v: number | null
}

/** Models in a column's order, newest / largest first: walking the sort's partial index, or
 * reading the rows the conditions give and sorting them. */
function sortedPage(sort: ColumnSort, parts: SQL[], access: 'indexed' | 'not indexed', after: SearchCursor | undefined, limit: number) {
  const { column, index } = sortIndex[sort]
  const col = sql.raw(`m.${column}`)
  return sql`select m.id as id, ${col} as v from models m ${sql.raw(access === 'indexed' ? `indexed by ${index}` : access)}
    where ${sql.join([visible, ...parts, ...cursorCondition(sort, after)], sql` and `)} order by ${col} desc, m.id desc limit ${limit}`
}

/** A page of the matches in a column's order (or by hotness for broad relevance). */
async function columnPage(db: Db, sort: ColumnSort, found: FacetSearchResult, params: SearchParams, listed: number, tuning: SearchTuning): Promise<Row[]> {
  const { matches, isMatch } = found
  if (!matches || !isMatch) return db.all(sortedPage(sort, [], 'indexed', params.after, params.limit))
  if (matches.length <= tuning.sparseMatches) {
    return db.all(sortedPage(sort, [sql`m.id in ${idList(matches)}`], 'not indexed', params.after, params.limit))
  }
  if (matches.length <= tuning.listedMatches) {
    return db.all(sortedPage(sort, [sql`m.id in ${idList(matches)}`], 'indexed', params.after, params.limit))
  }
  // dense: walk a step of the sort's index from the cursor and keep the matching rows; where the
  // matches are sparser than on average, SQLite walks on against the list of matches
  const share = matches.length / Math.max(listed, 1)
  const step = Math.min(tuning.walkStep, Math.ceil((2 * params.limit) / share) + params.limit)
  const rows = await db.all<Row>(sortedPage(sort, [], 'indexed', params.after, step))
  const out = rows.filter((row) => isMatch(row.id)).slice(0, params.limit)
  if (out.length === params.limit || rows.length < step) return out
  const last = rows.at(-1)!
  const rest = await db.all<Row>(sortedPage(sort, [sql`m.id in ${idList(matches)}`], 'indexed', { v: last.v, i: last.id }, params.limit - out.length))
  return [...out, ...rest]
}

/**
 * A page by relevance of the text's matches (or of these, when filters narrow them). FTS5 scores
 * every match with bm25 on its own (joining models for each match tripled the cost); the
 * documentation points come from the facet index and the exact-name boost from models_slug_idx.
 * The next page re-reads the cursor row's current score, so scores that shift as rows are added
 * (bm25 depends on the whole index) do not repeat or skip rows.
 */
async function rankedPage(db: Db, index: FacetIndex, match: string, isMatch: ((id: number) => boolean) | undefined, params: SearchParams) {
  const [scored, named] = await allBatch<{ s: string | null; ids: string | null }>(db, [
    // one string rather than a row per match: D1 hands thousands of rows over slowly. bm25 cannot
    // be called inside an aggregate, hence the materialized CTE.
    sql`with scored as materialized (select rowid as id, ${bm25} as b from models_fts where models_fts match ${match})
      select group_concat(id || ' ' || b) as s from scored`,
    sql`select group_concat(id) as ids from models where slug = ${params.text?.slug ?? ''} and ${sql.raw('is_listed = 1 and is_private = 0')}`,
  ])
  const exact = new Set(parseIds(named![0]?.ids))
  const ranked: { id: number; v: number }[] = []
  for (const entry of (scored![0]?.s ?? '').split(',')) {
    const cut = entry.indexOf(' ')
    const id = Number(entry.slice(0, cut))
    if (cut > 0 && (!isMatch || isMatch(id))) ranked.push({ id, v: relevance(Number(entry.slice(cut + 1)), index.docScoreOf(id), exact.has(id)) })
  }
  ranked.sort((a, b) => a.v - b.v || a.id - b.id)
  let start = 0
  if (params.after) {
    const { i } = params.after
    const v = ranked.find((r) => r.id === i)?.v ?? params.after.v ?? 0
    start = ranked.findIndex((r) => r.v > v || (r.v === v && r.id > i))
    if (start < 0) return []
  }
  return ranked.slice(start, start + params.limit)
}

/** bm25 (negative: lower is better) weighted: 5% per documentation point, twice for the exact name. */
const relevance = (bm25: number, docScore: number, exactName: boolean) => bm25 * (1 + 0.05 * docScore) * (exactName ? 2 : 1)

/** The most frequent values a facet group lists (owners run into the thousands at scale). */
export const facetValueLimit = 50

function limitFacets(counts: Partial<Record<FacetGroup, FacetCount[]>>, filters: Partial<Record<FacetGroup, string[]>>) {
  for (const group of Object.keys(counts) as FacetGroup[]) {
    const selected = new Set(filters[group] ?? [])
    counts[group] = counts[group]!
      .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value))
      .filter((c, i) => i < facetValueLimit || selected.has(c.value))
  }
  return counts
}

const dialect = new SQLiteAsyncDialect()

/** Runs read statements in one D1 round trip. */
async function allBatch<T>(db: Db, statements: SQL[]): Promise<T[][]> {
  const client = db.$client
  const prepared = statements.map((statement) => {
    const query = dialect.sqlToQuery(statement)
    return client.prepare(query.sql).bind(...query.params)
  })
  const answers = await client.batch<T>(prepared)
  return answers.map((a) => a.results)
}

/** Display names of facet values that have one in the catalog (tags, licences, owners), by facet key. */
export function facetLabelsQuery(db: Db, facets: Partial<Record<FacetGroup, FacetCount[]>>) {
  const keys = Object.entries(facets).flatMap(([group, counts]) => (counts ?? []).map((c) => `${group}:${c.value}`))
  // a query builder rather than db.all(), so that it can go in a drizzle D1 batch
  return db.select({ facet: sql<string>`facet`, label: sql<string>`label` }).from(sql`(
    with wanted as (select value as facet, substr(value, 1, instr(value, ':') - 1) as g, substr(value, instr(value, ':') + 1) as v
                    from json_each(${JSON.stringify(keys)}))
    select w.facet, t.name as label from wanted w join tags t on t.type = iif(w.g = 'dataType', 'data_type', w.g) and t.slug = w.v
    union all select w.facet, l.name from wanted w join licenses l on w.g = 'license' and l.id = w.v
    union all select w.facet, o.display_name from wanted w join owners o on w.g = 'owner' and o.slug = w.v)`)
}
