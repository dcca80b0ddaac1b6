import { infiniteQueryOptions, keepPreviousData, queryOptions } from '@tanstack/solid-query'
import type {
  ApiModelDetail,
  ListFilesResponse,
  ListModelsResponse,
  ListVersionsResponse,
} from '../../../worker/api-types'
import type { SearchSort } from '../../../worker/vocabulary'
import { filterKeys } from '../lib/list-state'
import { apiPath, getJson } from './client'

export interface ListModelsParams {
  search: string
  owner: string
  /** undefined: the API's default (relevance with a search, hotness without) */
  sortBy?: SearchSort
  /** filter values by URL key (framework, task, license, size); OR within a key */
  filters?: Record<string, string[]>
  pageSize: number
  /** pages the first request covers at once, so a reloaded "page 3" is one request */
  initialPages?: number
}

/** The list API's page size limit. */
const maxPageSize = 100

interface ListPageParam {
  token: string
  size: number
}

export interface VariationRef {
  owner: string
  model: string
  framework: string
  variation: string
}

// A version is shown as one tree, so ask for all files at once (the API allows 1000).
export const filesPageSize = 1000

export const filesPath = (ref: VariationRef, version: number) =>
  `models/${apiPath(ref.owner, ref.model, ref.framework, ref.variation, version)}/files`

/** The key of a variation's queries, under its model's detail (refreshed with the model). */
export const variationKey = (ref: VariationRef) =>
  ['models', 'detail', ref.owner, ref.model, ref.framework, ref.variation] as const

/** Query options for the model endpoints: each key and fetcher is defined here once. */
export const modelQueries = {
  all: () => ['models'] as const,

  /**
   * One page per `nextPageToken`; the last page has an empty token. The first request may cover
   * several pages (`initialPages`); the key leaves that out, so "Load more" never refetches.
   */
  list: (params: ListModelsParams) =>
    infiniteQueryOptions({
      queryKey: [
        'models',
        'list',
        {
          search: params.search.trim(),
          owner: params.owner,
          sortBy: params.sortBy,
          filters: params.filters ?? {},
          pageSize: params.pageSize,
        },
      ] as const,
      queryFn: ({ pageParam, signal, client }) =>
        getJson<ListModelsResponse>(
          'models/list',
          {
            search: params.search.trim(),
            owner: params.owner,
            sortBy: params.sortBy,
            ...params.filters,
            pageSize: pageParam.size,
            pageToken: pageParam.token,
            // the sidebar's counts come with the first page only, for the groups it shows
            facets: pageParam.token ? undefined : filterKeys.join(','),
          },
          { signal, client },
        ),
      initialPageParam: {
        token: '',
        size: Math.min(params.pageSize * (params.initialPages ?? 1), maxPageSize),
      } as ListPageParam,
      getNextPageParam: (last): ListPageParam | undefined =>
        last.nextPageToken ? { token: last.nextPageToken, size: params.pageSize } : undefined,
      // Keep the previous results on screen while a new search loads, instead of skeletons.
      placeholderData: keepPreviousData,
    }),

  detail: (owner: string, model: string) =>
    queryOptions({
      queryKey: ['models', 'detail', owner, model] as const,
      queryFn: ({ signal, client }) =>
        getJson<ApiModelDetail>(`models/${apiPath(owner, model)}/get`, {}, { signal, client }),
    }),

  versions: (ref: VariationRef) =>
    queryOptions({
      queryKey: variationKey(ref),
      queryFn: ({ signal, client }) =>
        getJson<ListVersionsResponse>(
          `models/${apiPath(ref.owner, ref.model, ref.framework, ref.variation)}/versions`,
          {},
          { signal, client },
        ),
    }),

  files: (ref: VariationRef, version: number) =>
    infiniteQueryOptions({
      queryKey: [...variationKey(ref), version, 'files'] as const,
      queryFn: ({ pageParam, signal, client }) =>
        getJson<ListFilesResponse>(
          filesPath(ref, version),
          { pageSize: filesPageSize, pageToken: pageParam },
          { signal, client },
        ),
      initialPageParam: '',
      getNextPageParam: (last) => last.nextPageToken || undefined,
    }),
}
