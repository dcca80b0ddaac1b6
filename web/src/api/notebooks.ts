import { infiniteQueryOptions, queryOptions, type QueryClient } from '@tanstack/solid-query'
import type {
  ApiHostedNotebookDetail,
  ApiNotebookInput,
  ApiNotebookRunFiles,
  ListModelNotebooksResponse,
  ListNotebookCommentsResponse,
} from '../../../worker/api-types'
import { apiPath, getJson, sendJson } from './client'

export type NotebookSort = 'votes' | 'recent'

/** The variation a new notebook starts from; `version` a number, or the latest. */
export interface NotebookInputRef {
  owner: string
  model: string
  framework: string
  variation: string
  version: number | 'latest'
}

/**
 * A parsed .ipynb as one value. A class instance is kept as it is by the query's Solid store,
 * which wraps plain objects in proxies: read through them, a 5 MB notebook's cells cost seconds.
 */
class NotebookFile {
  constructor(readonly json: unknown) {}
}

/** Query options for hosted notebooks (docs/notebooks.md); each key and fetcher is defined once. */
export const notebookQueries = {
  detail: (owner: string, slug: string) =>
    queryOptions({
      queryKey: ['notebooks', 'detail', owner, slug] as const,
      queryFn: ({ signal, client }) =>
        getJson<ApiHostedNotebookDetail>(
          `notebooks/${apiPath(owner, slug)}`,
          {},
          { signal, client },
        ),
    }),

  /** The .ipynb of a version, parsed: it is JSON, served as a download. */
  content: (owner: string, slug: string, version: number) =>
    queryOptions({
      queryKey: ['notebooks', 'content', owner, slug, version] as const,
      queryFn: async ({ signal, client }) =>
        new NotebookFile(
          await getJson<unknown>(
            `notebooks/${apiPath(owner, slug)}/versions/${version}/ipynb`,
            {},
            { signal, client },
          ),
        ),
      // a version never changes
      staleTime: Infinity,
    }),

  /** The notebook's comment thread in reading order, 50 comments a page. */
  comments: (owner: string, slug: string) =>
    infiniteQueryOptions({
      queryKey: ['notebooks', 'comments', owner, slug] as const,
      queryFn: ({ pageParam, signal, client }) =>
        getJson<ListNotebookCommentsResponse>(
          `notebooks/${apiPath(owner, slug)}/comments`,
          { pageToken: pageParam },
          { signal, client },
        ),
      initialPageParam: '',
      getNextPageParam: (last) => last.nextPageToken || undefined,
    }),

  forModel: (owner: string, model: string, sort: NotebookSort) =>
    queryOptions({
      queryKey: ['notebooks', 'model', owner, model, sort] as const,
      queryFn: ({ signal, client }) =>
        getJson<ListModelNotebooksResponse>(
          `notebooks/models/${apiPath(owner, model)}`,
          { sort },
          { signal, client },
        ),
    }),
}

/**
 * Where a run fetches each attached model's files without credentials, private folders signed
 * for 15 minutes: asked for before each run, never cached.
 */
export const getNotebookRunFiles = (owner: string, slug: string) =>
  getJson<ApiNotebookRunFiles>(`notebooks/${apiPath(owner, slug)}/run-files`)

/**
 * Makes a just-saved (or created) notebook the one its pages show: its latest version's file is
 * fetched into the cache first, then the detail that names that version is set, so the page
 * opened next draws it at once instead of its loading state.
 */
export async function showNotebook(queryClient: QueryClient, saved: ApiHostedNotebookDetail) {
  await queryClient.prefetchQuery(
    notebookQueries.content(saved.owner, saved.slug, saved.latestVersion),
  )
  queryClient.setQueryData(notebookQueries.detail(saved.owner, saved.slug).queryKey, saved)
}

/** "New notebook": starter cells for the variation, which is attached. */
export const createNotebook = (input: NotebookInputRef, title: string) =>
  sendJson<ApiHostedNotebookDetail>('POST', 'notebooks', { title, input })

export const forkNotebook = (owner: string, slug: string) =>
  sendJson<ApiHostedNotebookDetail>('POST', `notebooks/${apiPath(owner, slug)}/fork`, {})

/** Saves the .ipynb as the notebook's next version. */
export const saveNotebookVersion = (owner: string, slug: string, doc: unknown) =>
  sendJson<ApiHostedNotebookDetail>(
    'POST',
    `notebooks/${apiPath(owner, slug)}/versions`,
    new Blob([JSON.stringify(doc, null, 1)], { type: 'application/x-ipynb+json' }),
  )

/** "Add models": attaches a variation (pinned to a version, or its latest). */
export const attachNotebookInput = (owner: string, slug: string, input: NotebookInputRef) =>
  sendJson<{ inputs: ApiNotebookInput[] }>('PUT', `notebooks/${apiPath(owner, slug)}/inputs`, input)

export const detachNotebookInput = (
  owner: string,
  slug: string,
  input: Pick<ApiNotebookInput, 'owner' | 'model' | 'framework' | 'variation'>,
) =>
  sendJson(
    'DELETE',
    `notebooks/${apiPath(owner, slug, 'inputs', input.owner, input.model, input.framework, input.variation)}`,
  )

/** Deletes the notebook with its versions; its forks stay. */
export const deleteNotebook = (owner: string, slug: string) =>
  sendJson('DELETE', `notebooks/${apiPath(owner, slug)}`)

/** A comment on the notebook, or a reply to one of its comments. */
export const postNotebookComment = (owner: string, slug: string, body: string, parentId?: number) =>
  sendJson<{ id: number }>(
    'POST',
    `notebooks/${apiPath(owner, slug)}/comments`,
    parentId === undefined ? { body } : { body, parentId },
  )

const commentPath = (owner: string, slug: string, id: number) =>
  `notebooks/${apiPath(owner, slug)}/comments/${id}`

export const editNotebookComment = (owner: string, slug: string, id: number, body: string) =>
  sendJson('PATCH', commentPath(owner, slug, id), { body })

export const deleteNotebookComment = (owner: string, slug: string, id: number) =>
  sendJson('DELETE', commentPath(owner, slug, id))

/** Hides a comment from readers who are no moderators, or shows it again. */
export const hideNotebookComment = (owner: string, slug: string, id: number, hidden: boolean) =>
  sendJson('PUT', `${commentPath(owner, slug, id)}/moderation`, { hidden })

/** Reports a comment to the admins' queue. */
export const reportNotebookComment = (owner: string, slug: string, id: number, reason: string) =>
  sendJson('POST', `${commentPath(owner, slug, id)}/reports`, { reason })
