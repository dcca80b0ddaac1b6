// The state of a model listing (landing and owner pages) lives in the URL, so every view can be
// shared and survives reload and back/forward. These functions are the one mapping between the
// query string, the page's state and the API's list parameters.
import {
  searchSorts,
  sortLabels,
  type FacetGroup,
  type SearchSort,
} from '../../../worker/vocabulary'

/**
 * URL keys of the filter groups, in sidebar order: the list API's filter parameters of the same
 * names (facet groups the sidebar shows). Each may repeat (OR within a group, AND across groups).
 */
export const filterKeys = [
  'framework',
  'task',
  'dataType',
  'license',
  'rights',
  'size',
  'fineTunable',
  'provenance',
  'language',
  'dataset',
  'architecture',
  'documented',
] as const satisfies readonly FacetGroup[]
export type FilterKey = (typeof filterKeys)[number]

export type SortBy = SearchSort

/** The sort menu: best match first (offered with a search only), then the others in list order. */
export const sortOptions = [
  'relevance' as const,
  ...searchSorts.filter((s) => s !== 'relevance'),
].map((value) => ({ value, label: sortLabels[value] }))

export interface ListState {
  q: string
  owner: string
  /** the URL's sort; undefined means the default (best match with a search, hotness without) */
  sort?: SortBy
  filters: Record<FilterKey, string[]>
  /** how many pages of results are shown: "Load more" adds one, reload brings them all back */
  pages: number
}

export type RawParams = Record<string, string | string[] | undefined>

/** The largest `pages` the URL may ask for; keeps a pasted URL from fetching thousands of rows. */
const maxPages = 20

const listOf = (value: string | string[] | undefined) =>
  (Array.isArray(value) ? value : value ? [value] : [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean)

const first = (value: string | string[] | undefined) =>
  (Array.isArray(value) ? value[0] : value) ?? ''

function isSortBy(value: unknown): value is SortBy {
  return searchSorts.some((s) => s === value)
}

/** The sort a listing shows when the URL names none. */
function defaultSortFor(q: string): SortBy {
  return q.trim() ? 'relevance' : 'hotness'
}

/** Reads a listing's state from the router's search params; unknown or bad values are dropped. */
export function parseListState(params: RawParams): ListState {
  const q = first(params.q).trim()
  const sort = first(params.sort)
  const page = Number(first(params.page))
  const filters = Object.fromEntries(
    filterKeys.map((key) => [key, [...new Set(listOf(params[key]))].sort()]),
  ) as Record<FilterKey, string[]>
  return {
    q,
    owner: first(params.owner).trim(),
    sort: isSortBy(sort) && sort !== defaultSortFor(q) ? sort : undefined,
    filters,
    pages: Number.isInteger(page) && page > 1 ? Math.min(page, maxPages) : 1,
  }
}

/**
 * The query string of a state, in a fixed key order, without defaults: equal states give equal
 * URLs. Filter values repeat their key (`framework=tfJs&framework=tfLite`).
 */
export function listStateToSearch(state: ListState) {
  const search = new URLSearchParams()
  if (state.q) search.set('q', state.q)
  if (state.owner) search.set('owner', state.owner)
  for (const key of filterKeys) for (const value of state.filters[key]) search.append(key, value)
  if (state.sort && state.sort !== defaultSortFor(state.q)) search.set('sort', state.sort)
  if (state.pages > 1) search.set('page', String(state.pages))
  const qs = search.toString()
  return qs ? `?${qs}` : ''
}

/**
 * Params for the router's `setSearchParams`, which merges: every key of a listing is present,
 * `undefined` for the ones to remove.
 */
export function listStateToParams(state: ListState) {
  const search = new URLSearchParams(listStateToSearch(state))
  const out: Record<string, string | string[] | undefined> = {
    q: undefined,
    owner: undefined,
    sort: undefined,
    page: undefined,
  }
  for (const key of filterKeys) out[key] = undefined
  return { ...out, ...searchToParams(search) }
}

/** A query string as @solidjs/router's useSearchParams gives it: repeated keys as arrays. */
export function searchToParams(search: URLSearchParams) {
  const out: Record<string, string | string[]> = {}
  for (const key of new Set(search.keys())) {
    const values = search.getAll(key)
    out[key] = values.length > 1 ? values : values[0]!
  }
  return out
}

/** A copy with one filter value added or removed; any change of results starts at page 1. */
export function toggleFilter(state: ListState, key: FilterKey, value: string): ListState {
  const current = state.filters[key]
  const next = current.includes(value)
    ? current.filter((v) => v !== value)
    : [...current, value].sort()
  return { ...state, filters: { ...state.filters, [key]: next }, pages: 1 }
}

export function clearFilters(state: ListState): ListState {
  return {
    ...state,
    filters: Object.fromEntries(filterKeys.map((k) => [k, [] as string[]])) as Record<
      FilterKey,
      string[]
    >,
    pages: 1,
  }
}

export function hasFilters(state: ListState) {
  return filterKeys.some((key) => state.filters[key].length > 0)
}

/** The sort actually used: the URL's, or the default for the search. */
export function effectiveSort(state: ListState): SortBy {
  return state.sort ?? defaultSortFor(state.q)
}
