// Model search (docs/search.md): the list endpoint's one entry, and what the rest of the Worker
// calls to keep the search's index current. The pieces:
//   plan.ts          a page's statements, planned on the facet index; relevance, sorts, keyset pages
//   facet-index.ts   model_facets in memory: filters, totals and facet counts
//   bitset.ts        sets of ids as bitsets, and as one parameter a statement tests
//   snapshot.ts      the facet index as one object in R2, for an isolate's first search
//   list-entries.ts  what a list page shows of each model, read with the page
//   fts-query.ts     a search string as FTS5 expressions
//   page-token.ts    page tokens bound to their sort and search
//   reindex.ts       rewrites models' search rows (the triggers do it on every write)
//   batch.ts         reads in one D1 round trip
import type { Db } from '../../db/client'
import type { ApiFacets } from '../api-types'
import { ApiError } from '../errors'
import {
  facetGroups,
  facetValueLabels,
  frameworkLabel,
  type FacetGroup,
  type SearchSort,
} from '../vocabulary'
import { parseFtsQuery } from './fts-query'
import { listModels, type ListEntry } from './list-entries'
import { decodeSearchToken, encodeSearchToken, searchFingerprint } from './page-token'
import type { FacetCount } from './plan'
import { warmFacetIndex } from './snapshot'

export { pruneFacetChanges } from './facet-index'
export { reindexModels } from './reindex'
export { writeFacetSnapshot } from './snapshot'

/** A search as the list endpoint takes it. */
export interface ModelSearch {
  /** the search string as given ('' for none) */
  search: string
  /** 'default': relevance with a search, hotness without */
  sortBy: 'default' | SearchSort
  /** facet values by group ([] or absent: no filter) */
  filters: Partial<Record<FacetGroup, string[]>>
  /** only models whose latest version has at most this many bytes */
  maxSizeBytes?: number
  pageSize: number
  /** a previous page's nextPageToken, or '' for the first page */
  pageToken: string
  /** the key page tokens are signed with (PAGE_TOKEN_SECRET) */
  pageTokenSecret: string
  /** count the values of every group (true), of these groups, or none (false) */
  facets: boolean | FacetGroup[]
}

export interface ModelSearchPage {
  entries: ListEntry[]
  total: number
  /** '' on the last page */
  nextPageToken: string
  facets?: ApiFacets
}

/**
 * One page of public models for a search, with its total, the next page's token and, when asked,
 * labelled facet counts. An isolate's first search starts its facet index from the snapshot in R2
 * when there is a readable one (snapshot.ts); every search brings it up to date.
 */
export async function searchModels(
  db: Db,
  bucket: R2Bucket,
  request: ModelSearch,
): Promise<ModelSearchPage> {
  const text = parseFtsQuery(request.search)
  const sort: SearchSort =
    request.sortBy === 'default' ? (text ? 'relevance' : 'hotness') : request.sortBy
  if (sort === 'relevance' && !text) {
    throw new ApiError('BAD_REQUEST', 'sortBy relevance needs a search', [
      { path: 'sortBy', message: 'relevance needs a search' },
    ])
  }
  const filters = Object.fromEntries(facetGroups.map((g) => [g, request.filters[g] ?? []]))
  const fingerprint = searchFingerprint(request.search, filters, request.maxSizeBytes)
  const after = request.pageToken
    ? await decodeSearchToken(request.pageTokenSecret, request.pageToken, sort, fingerprint)
    : undefined
  await warmFacetIndex(bucket)
  const { maxSizeBytes, pageSize: limit, facets } = request
  const page = await listModels(db, { text, filters, maxSizeBytes, sort, limit, after, facets })
  return {
    entries: page.entries,
    total: page.total,
    nextPageToken: page.next
      ? await encodeSearchToken(request.pageTokenSecret, sort, fingerprint, page.next)
      : '',
    facets: page.facets && labelFacets(page.facets),
  }
}

const valueLabels: Partial<Record<FacetGroup, Record<string, string>>> = facetValueLabels

/** Facet counts with a label on every value: the catalog's name, the vocabulary's, or the value. */
function labelFacets(facets: Partial<Record<FacetGroup, FacetCount[]>>): ApiFacets {
  return Object.fromEntries(
    (Object.keys(facets) as FacetGroup[]).map((g) => [
      g,
      facets[g]!.map(({ value, count, label }) => ({
        value,
        label:
          label ?? valueLabels[g]?.[value] ?? (g === 'framework' ? frameworkLabel(value) : value),
        count,
      })),
    ]),
  ) as ApiFacets
}
