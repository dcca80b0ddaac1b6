// The routes that may answer 202 while a TF Hub version's files are being fetched
// (docs/pull-through.md), for the model page and the compare page: a module of their own, so the
// landing's entry chunk leaves them out.
import { queryOptions } from '@tanstack/solid-query'
import type {
  ApiErrorBody,
  ListFilesResponse,
  VersionDiffResponse,
} from '../../../worker/api-types'
import { apiPath, fetchApi, toError, type FetchContext, type QueryParams } from './client'
import { filesPageSize, filesPath, variationKey, type VariationRef } from './models'

/** How far the fetch of a version's files from TF Hub is (docs/pull-through.md). */
export interface PullProgress {
  status: 'queued' | 'fetching'
  receivedBytes: number
  /** the upstream's declared size; null when it sent none */
  totalBytes: number | null
}

/** The answer of a pull-through route: its data, or how far the fetch is and when to ask again. */
export type Pulled<T> =
  | { state: 'ready'; data: T }
  | { state: 'fetching'; progress: PullProgress; retryAfterSeconds: number }

/**
 * GETs a route that may answer 202 while a TF Hub version's files are being fetched: the 202
 * becomes `{ state: 'fetching', progress }` for the caller to show and ask again after
 * `retryAfterSeconds`. Throws `ApiRequestError` on a non-2xx answer (a 502: the fetch failed).
 */
async function getPulled<T>(
  path: string,
  query: QueryParams = {},
  ctx?: FetchContext,
): Promise<Pulled<T>> {
  const res = await fetchApi(path, query, ctx)
  if (!res.ok) throw await toError(res)
  if (res.status !== 202) return { state: 'ready', data: (await res.json()) as T }
  const body = (await res.json().catch(() => undefined)) as Partial<ApiErrorBody> | undefined
  const details = body?.error?.details ?? {}
  const bytes = (value: unknown) =>
    typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : null
  return {
    state: 'fetching',
    progress: {
      status: details.status === 'fetching' ? 'fetching' : 'queued',
      receivedBytes: bytes(details.receivedBytes) ?? 0,
      totalBytes: bytes(details.totalBytes),
    },
    retryAfterSeconds: Math.min(Math.max(Number(res.headers.get('retry-after')) || 2, 1), 30),
  }
}

/** A pulled query's next poll: at the answer's Retry-After while the fetch runs, else none. */
const askAgainWhileFetching = (query: { state: { status: string; data?: Pulled<unknown> } }) =>
  query.state.status === 'success' && query.state.data?.state === 'fetching'
    ? query.state.data.retryAfterSeconds * 1000
    : false

/** Query options for the pull-through routes. */
export const pullQueries = {
  /**
   * The first page of a TF Hub version's files, which asking for has Modelport fetch them from
   * TF Hub (docs/pull-through.md). While the fetch runs the data is its progress, asked for
   * again at each answer's Retry-After; a failed fetch is the query's error. Outside the detail
   * key, so that refreshing the model once the files arrived does not ask for them again.
   */
  files: (ref: VariationRef, version: number) =>
    queryOptions({
      queryKey: [
        'models',
        'pull',
        ref.owner,
        ref.model,
        ref.framework,
        ref.variation,
        version,
      ] as const,
      queryFn: ({ signal, client }) =>
        getPulled<ListFilesResponse>(
          filesPath(ref, version),
          { pageSize: filesPageSize },
          { signal, client },
        ),
      // polls while fetching; an error (a 502) keeps the last progress as data, and ends it
      refetchInterval: askAgainWhileFetching,
      staleTime: 0,
      // a 502 is the fetch's recorded outcome: asking again at once changes nothing
      retry: false,
    }),

  /**
   * Two versions of a variation compared file by file. A TF Hub version's files are fetched
   * first (pull-through), so the answer may be progress, asked for again like files.
   */
  diff: (ref: VariationRef, from: number, to: number) =>
    queryOptions({
      queryKey: [...variationKey(ref), 'diff', from, to] as const,
      queryFn: ({ signal, client }) =>
        getPulled<VersionDiffResponse>(
          `models/${apiPath(ref.owner, ref.model, ref.framework, ref.variation)}/diff`,
          { from, to },
          { signal, client },
        ),
      refetchInterval: askAgainWhileFetching,
      retry: false,
    }),
}
