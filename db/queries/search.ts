// Model search: full text (models_fts), facet filters and counts (model_facets, facet_counts),
// sorts and keyset pages. The tables are kept by the triggers of migration 0004; the choices are
// explained in docs/search.md.
import { sql, type SQL } from 'drizzle-orm'
import { SQLiteAsyncDialect } from 'drizzle-orm/sqlite-core'
import type { Db } from '../client'

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

/**
 * Relevance scores every match with bm25 only up to this many matches: beyond it the words are
 * common to a large part of the catalog (their IDF is near zero, so bm25 hardly orders them) and
 * scoring costs about 1.5 µs per match. Such queries order their matches by hotness instead.
 */
export const rankedMatchLimit = 5000

/** Below this share of listed models a filtered sort reads the matches and sorts them; above it,
 * it walks the sort's index and checks each row, which finds a page within a few dozen rows. */
const sparseShare = 0.02

// bm25 column weights: title, subtitle, owner, tags, variations, card
const bm25 = sql.raw('bm25(models_fts, 10.0, 4.0, 3.0, 3.0, 2.0, 1.0)')
// card, licence and files present each make a score 5% stronger: a tie-breaker among similar matches
const relevanceScore = (slug = '') => sql`${bm25} * (1 + 0.05 * m.doc_score) * iif(m.slug = ${slug}, 2.0, 1.0)`
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
  /** relevance ran on hotness (more than rankedMatchLimit matches) */
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

interface Plan {
  text?: string
  anyTerm: boolean
  filters: Partial<Record<FacetGroup, string[]>>
  maxSizeBytes?: number
}

/**
 * One page of public models for a search: ids in order, the total number of matches, the cursor
 * of the next page and, when asked, facet counts. Keyset-paged: a page continues after the
 * previous page's last (sort value, id), so rows added or removed meanwhile shift nothing.
 */
export async function searchModels(db: Db, params: SearchParams): Promise<SearchResult> {
  const filters = normaliseFilters(params.filters)
  const plan: Plan = { text: params.text?.all, anyTerm: false, filters, maxSizeBytes: params.maxSizeBytes }
  if (params.after?.a && params.text?.any) Object.assign(plan, { text: params.text.any, anyTerm: true })

  const filtered = Boolean(plan.text) || Object.keys(filters).length > 0 || plan.maxSizeBytes !== undefined
  const first = async () => {
    const facetsWanted = params.facets ? facetQueries(plan, params.facets === true ? facetGroups : params.facets) : []
    const statements = [countQuery(plan), filtered ? countQuery({ anyTerm: false, filters: {} }) : countQuery(plan), ...facetsWanted.map((f) => f.query)]
    const [count, catalog, ...facetRows] = await allBatch<{ facet?: string; n: number }>(db, statements)
    return { total: count![0]?.n ?? 0, catalog: catalog![0]?.n ?? 0, facetsWanted, facetRows }
  }
  let answer = await first()
  if (answer.total === 0 && !plan.anyTerm && !params.after && params.text?.any) {
    // nothing has every word: show what has any of them
    Object.assign(plan, { text: params.text.any, anyTerm: true })
    answer = await first()
  }
  const { total } = answer

  let rows: { id: number; v: number | null }[] = []
  let byHotness = false
  if (total > 0) {
    if (params.sort === 'relevance' && plan.text) {
      byHotness = params.after ? Boolean(params.after.h) : total > rankedMatchLimit
      rows = await db.all(byHotness ? columnPage(plan, 'hotness', params, 1, true) : rankedPage(plan, params))
    } else {
      const sort: ColumnSort = params.sort === 'relevance' ? 'hotness' : params.sort
      rows = await db.all(columnPage(plan, sort, params, total / Math.max(answer.catalog, 1)))
    }
  }
  const last = rows.at(-1)
  return {
    ids: rows.map((r) => r.id),
    total,
    next: rows.length === params.limit && last ? { v: last.v, i: last.id, ...(byHotness && { h: true }), ...(plan.anyTerm && { a: true }) } : undefined,
    facets: params.facets ? collectFacets(answer.facetsWanted, answer.facetRows, filters) : undefined,
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

const facetKeys = (group: FacetGroup, values: string[]) => JSON.stringify(values.map((v) => `${group}:${v}`))

/** The WHERE conditions of a plan, leaving out one group's filter (for its facet counts). */
function conditions(plan: Plan, options: { except?: FacetGroup; textProbe?: boolean } = {}): SQL[] {
  const out: SQL[] = [visible]
  for (const [group, values] of Object.entries(plan.filters) as [FacetGroup, string[]][]) {
    if (group === options.except) continue
    if (conjunctiveGroups.has(group)) {
      for (const value of values) out.push(sql`m.id in (select model_id from model_facets where facet = ${`${group}:${value}`})`)
    } else if (values.length === 1) {
      out.push(sql`m.id in (select model_id from model_facets where facet = ${`${group}:${values[0]}`})`)
    } else {
      out.push(sql`m.id in (select model_id from model_facets where facet in (select value from json_each(${facetKeys(group, values)})))`)
    }
  }
  if (plan.maxSizeBytes !== undefined) out.push(sql`m.latest_size_bytes > 0 and m.latest_size_bytes <= ${plan.maxSizeBytes}`)
  if (plan.text) {
    // dense matches: probe the index row by row while walking a sort index (a page needs few);
    // otherwise read the matches once
    out.push(
      options.textProbe
        ? sql`exists (select 1 from models_fts where models_fts match ${plan.text} and models_fts.rowid = m.id)`
        : sql`m.id in (select rowid from models_fts where models_fts match ${plan.text})`,
    )
  }
  return out
}

const where = (parts: SQL[]) => sql.join(parts, sql` and `)

function countQuery(plan: Plan): SQL {
  const groups = Object.entries(plan.filters) as [FacetGroup, string[]][]
  if (!plan.text && plan.maxSizeBytes === undefined) {
    // every listed model has exactly one provenance: their counts add up to the catalog
    if (!groups.length) return sql`select coalesce(sum(n), 0) as n from facet_counts where facet in ('provenance:tfhub', 'provenance:community')`
    if (groups.length === 1 && groups[0]![1].length === 1) {
      const [group, [value]] = groups[0]! as [FacetGroup, [string]]
      return sql`select coalesce(max(n), 0) as n from facet_counts where facet = ${`${group}:${value}`}`
    }
  }
  return sql`select count(*) as n from models m where ${where(conditions(plan))}`
}

/** A page in a column's order (or by hotness for broad relevance), newest / largest first. */
function columnPage(plan: Plan, sort: ColumnSort, params: SearchParams, share: number, relevance = false): SQL {
  const { column, index } = sortIndex[sort]
  const col = sql.raw(`m.${column}`)
  const dense = relevance || share >= sparseShare
  const parts = conditions(plan, { textProbe: dense && Boolean(plan.text) })
  const after = params.after
  if (after) {
    if (after.v === null) parts.push(sql`${col} is null and m.id < ${after.i}`)
    else if (sort === 'publishTime') parts.push(sql`((${col}, m.id) < (${after.v}, ${after.i}) or ${col} is null)`)
    else parts.push(sql`(${col}, m.id) < (${after.v}, ${after.i})`)
  }
  // dense: walk the sort's partial index; sparse: read the matching rows by id, then sort them
  const access = sql.raw(dense ? `indexed by ${index}` : 'not indexed')
  return sql`select m.id as id, ${col} as v from models m ${access} where ${where(parts)}
    order by ${col} desc, m.id desc limit ${params.limit}`
}

/** A page by bm25 relevance. The next page re-reads the cursor row's current score, so scores
 * that shift as rows are added (bm25 depends on the whole index) do not repeat or skip rows. */
function rankedPage(plan: Plan, params: SearchParams): SQL {
  const ranked = sql`select m.id as id, ${relevanceScore(params.text?.slug)} as v
    from models_fts join models m on m.id = models_fts.rowid
    where models_fts match ${plan.text} and ${where(conditions({ ...plan, text: undefined }))}`
  if (!params.after) return sql`${ranked} order by v, id limit ${params.limit}`
  const { v, i } = params.after
  return sql`with ranked as (${ranked}),
      cursor as (select coalesce((select v from ranked where id = ${i}), ${v}) as v)
    select id, v from ranked where (v, id) > ((select v from cursor), ${i}) order by v, id limit ${params.limit}`
}

interface FacetQuery {
  groups: FacetGroup[]
  query: SQL
}

/**
 * Facet counts: for a value of an OR group, the total the same search gives with that group's
 * filter set to this value alone; for a value of a conjunctive group (rights), the total with the
 * value added. Groups without a filter of their own share one query.
 */
function facetQueries(plan: Plan, wanted: readonly FacetGroup[]): FacetQuery[] {
  const own = wanted.filter((g) => plan.filters[g] && !conjunctiveGroups.has(g))
  const shared = wanted.filter((g) => !own.includes(g))
  return [
    ...(shared.length ? [{ groups: shared, query: facetQuery(plan, shared) }] : []),
    ...own.map((g) => ({ groups: [g], query: facetQuery(plan, [g], g) })),
  ]
}

function facetQuery(plan: Plan, groups: FacetGroup[], except?: FacetGroup): SQL {
  const rest = { ...plan, filters: { ...plan.filters } }
  if (except) delete rest.filters[except]
  const unfiltered = !rest.text && !Object.keys(rest.filters).length && rest.maxSizeBytes === undefined
  const prefix =
    groups.length === facetGroups.length
      ? sql``
      : sql` and (${sql.join(groups.map((g) => sql`(facet >= ${`${g}:`} and facet < ${`${g};`})`), sql` or `)})`
  if (unfiltered) return sql`select facet, n from facet_counts where n > 0${prefix}`
  const mfPrefix =
    groups.length === facetGroups.length
      ? sql``
      : sql` and (${sql.join(groups.map((g) => sql`(mf.facet >= ${`${g}:`} and mf.facet < ${`${g};`})`), sql` or `)})`
  return sql`select mf.facet as facet, count(*) as n from models m join model_facets mf on mf.model_id = m.id${mfPrefix}
    where ${where(conditions(rest))} group by mf.facet`
}

/** The most frequent values a facet group lists (owners run into the thousands at scale). */
export const facetValueLimit = 50

function collectFacets(queries: FacetQuery[], answers: { facet?: string; n: number }[][], filters: Plan['filters']) {
  const out = Object.fromEntries(queries.flatMap((q) => q.groups).map((g) => [g, [] as FacetCount[]])) as Partial<Record<FacetGroup, FacetCount[]>>
  queries.forEach((q, i) => {
    for (const row of answers[i] ?? []) {
      const cut = row.facet!.indexOf(':')
      const group = row.facet!.slice(0, cut) as FacetGroup
      if (q.groups.includes(group)) out[group]!.push({ value: row.facet!.slice(cut + 1), count: row.n })
    }
  })
  for (const group of Object.keys(out) as FacetGroup[]) {
    const selected = new Set(filters[group] ?? [])
    out[group] = out[group]!
      .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value))
      .filter((c, i) => i < facetValueLimit || selected.has(c.value))
  }
  return out
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
export async function facetLabels(db: Db, facets: Partial<Record<FacetGroup, FacetCount[]>>) {
  const keys = Object.entries(facets).flatMap(([group, counts]) => (counts ?? []).map((c) => `${group}:${c.value}`))
  const labels = new Map<string, string>()
  if (!keys.length) return labels
  const rows = await db.all<{ facet: string; label: string }>(sql`
    with wanted as (select value as facet, substr(value, 1, instr(value, ':') - 1) as g, substr(value, instr(value, ':') + 1) as v
                    from json_each(${JSON.stringify(keys)}))
    select w.facet, t.name as label from wanted w join tags t on t.type = iif(w.g = 'dataType', 'data_type', w.g) and t.slug = w.v
    union all select w.facet, l.name from wanted w join licenses l on w.g = 'license' and l.id = w.v
    union all select w.facet, o.display_name from wanted w join owners o on w.g = 'owner' and o.slug = w.v`)
  for (const row of rows) labels.set(row.facet, row.label)
  return labels
}
