import { infiniteQueryOptions, keepPreviousData, queryOptions } from '@tanstack/solid-query'
import type {
  ApiModel,
  ListFilesResponse,
  ListModelsResponse,
  ListVersionsResponse,
} from '../../../worker/api-types'
import { apiPath, getJson } from './client'

export const sortOptions = [
  { value: 'hotness', label: 'Hotness' },
  { value: 'downloadCount', label: 'Most downloads' },
  { value: 'voteCount', label: 'Most votes' },
  { value: 'notebookCount', label: 'Most notebooks' },
  { value: 'publishTime', label: 'Recently published' },
  { value: 'createTime', label: 'Recently created' },
  { value: 'updateTime', label: 'Recently updated' },
] as const

export type SortBy = (typeof sortOptions)[number]['value']

export const defaultSort: SortBy = 'hotness'

export function isSortBy(value: unknown): value is SortBy {
  return sortOptions.some((o) => o.value === value)
}

export interface ListModelsParams {
  search: string
  owner: string
  sortBy: SortBy
  pageSize?: number
}

export interface VariationRef {
  owner: string
  model: string
  framework: string
  variation: string
}

const filesPageSize = 100

/** Query options for the model endpoints: each key and fetcher is defined here once. */
export const modelQueries = {
  all: () => ['models'] as const,

  /** One page per `nextPageToken`; the last page has an empty token. */
  list: (params: ListModelsParams) =>
    infiniteQueryOptions({
      queryKey: ['models', 'list', params] as const,
      queryFn: ({ pageParam, signal }) =>
        getJson<ListModelsResponse>(
          'models/list',
          {
            search: params.search.trim(),
            owner: params.owner,
            sortBy: params.sortBy === defaultSort ? undefined : params.sortBy,
            pageSize: params.pageSize,
            pageToken: pageParam,
          },
          signal,
        ),
      initialPageParam: '',
      getNextPageParam: (last) => last.nextPageToken || undefined,
      // Keep the previous results on screen while a new search loads, instead of skeletons.
      placeholderData: keepPreviousData,
    }),

  detail: (owner: string, model: string) =>
    queryOptions({
      queryKey: ['models', 'detail', owner, model] as const,
      queryFn: ({ signal }) =>
        getJson<ApiModel>(`models/${apiPath(owner, model)}/get`, {}, signal),
    }),

  versions: (ref: VariationRef) =>
    queryOptions({
      queryKey: ['models', 'detail', ref.owner, ref.model, ref.framework, ref.variation] as const,
      queryFn: ({ signal }) =>
        getJson<ListVersionsResponse>(
          `models/${apiPath(ref.owner, ref.model, ref.framework, ref.variation)}/versions`,
          {},
          signal,
        ),
    }),

  files: (ref: VariationRef, version: number) =>
    infiniteQueryOptions({
      queryKey: [
        'models',
        'detail',
        ref.owner,
        ref.model,
        ref.framework,
        ref.variation,
        version,
        'files',
      ] as const,
      queryFn: ({ pageParam, signal }) =>
        getJson<ListFilesResponse>(
          `models/${apiPath(ref.owner, ref.model, ref.framework, ref.variation, version)}/files`,
          { pageSize: filesPageSize, pageToken: pageParam },
          signal,
        ),
      initialPageParam: '',
      getNextPageParam: (last) => last.nextPageToken || undefined,
    }),
}
