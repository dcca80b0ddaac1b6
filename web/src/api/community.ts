import { infiniteQueryOptions, queryOptions } from '@tanstack/solid-query'
import type {
  ApiDiscussionTopicDetail,
  ApiSuggestion,
  ListDiscussionsResponse,
} from '../../../worker/api-types'
import { apiPath, getJson, sendJson } from './client'

export type DiscussionSort = 'hot' | 'recent' | 'votes'

/** What a vote answers: the new count and whether the caller now votes. */
export interface VoteState {
  voteCount: number
  hasVoted: boolean
}

export type VoteTarget =
  | { kind: 'models'; owner: string; model: string }
  | { kind: 'notebooks'; owner: string; slug: string }
  | { kind: 'notebook-comments'; owner: string; slug: string; id: number }
  | { kind: 'topics' | 'comments'; id: number }

function votePath(t: VoteTarget) {
  switch (t.kind) {
    case 'models':
      return `votes/models/${apiPath(t.owner, t.model)}`
    case 'notebooks':
      return `votes/notebooks/${apiPath(t.owner, t.slug)}`
    case 'notebook-comments':
      return `votes/notebooks/${apiPath(t.owner, t.slug)}/comments/${t.id}`
    default:
      return `votes/${t.kind}/${t.id}`
  }
}

/** PUT votes, DELETE takes the vote back; both answer the count read after the change. */
export const sendVote = (target: VoteTarget, vote: boolean) =>
  sendJson<VoteState>(vote ? 'PUT' : 'DELETE', votePath(target))

/** Query options for discussions and suggestions; each key and fetcher is defined here once. */
export const communityQueries = {
  topics: (owner: string, model: string, sort: DiscussionSort) =>
    infiniteQueryOptions({
      queryKey: ['discussions', 'list', owner, model, sort] as const,
      queryFn: ({ pageParam, signal, client }) =>
        getJson<ListDiscussionsResponse>(
          `discussions/models/${apiPath(owner, model)}`,
          { sort, pageToken: pageParam },
          { signal, client },
        ),
      initialPageParam: '',
      getNextPageParam: (last) => last.nextPageToken || undefined,
    }),

  topic: (id: number) =>
    infiniteQueryOptions({
      queryKey: ['discussions', 'topic', id] as const,
      queryFn: ({ pageParam, signal, client }) =>
        getJson<ApiDiscussionTopicDetail>(
          `discussions/topics/${id}`,
          { pageToken: pageParam },
          { signal, client },
        ),
      initialPageParam: '',
      getNextPageParam: (last) => last.nextPageToken || undefined,
    }),

  mySuggestions: () =>
    queryOptions({
      queryKey: ['suggestions', 'mine'] as const,
      queryFn: ({ signal, client }) =>
        getJson<{ suggestions: ApiSuggestion[] }>('suggestions/mine', {}, { signal, client }),
    }),
}

export const startTopic = (owner: string, model: string, post: { title: string; body: string }) =>
  sendJson<{ id: number }>('POST', `discussions/models/${apiPath(owner, model)}`, post)

export const postReply = (topicId: number, body: string) =>
  sendJson<{ id: number }>('POST', `discussions/topics/${topicId}/comments`, { body })

export type PostKind = 'topics' | 'comments'

export const editPost = (kind: PostKind, id: number, edit: { title?: string; body?: string }) =>
  sendJson('PATCH', `discussions/${kind}/${id}`, edit)

export const deletePost = (kind: PostKind, id: number) =>
  sendJson('DELETE', `discussions/${kind}/${id}`)

export const reportPost = (kind: PostKind, id: number, reason: string) =>
  sendJson('POST', `discussions/${kind}/${id}/reports`, { reason })

export const moderatePost = (
  kind: PostKind,
  id: number,
  change: { pinned?: boolean; locked?: boolean; hidden?: boolean },
) => sendJson('PUT', `discussions/${kind}/${id}/moderation`, change)

export const suggestSource = (s: { name: string; url: string; note: string }) =>
  sendJson<ApiSuggestion>('POST', 'suggestions', s)
