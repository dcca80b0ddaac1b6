import { useLocation, useParams } from '@solidjs/router'
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/solid-query'
import { createMemo, For, Match, Show, Switch } from 'solid-js'
import type { ApiDiscussionTopicDetail } from '../../../../worker/api-types'
import { isNotFound } from '../../api/client'
import { communityQueries, type VoteState } from '../../api/community'
import { sessionQueries } from '../../api/session'
import { Breadcrumb } from '../../components/breadcrumb'
import { LoadMoreButton } from '../../components/load-more-button'
import { QueryBoundary } from '../../components/query-boundary'
import { signInHref } from '../../components/vote-button'
import { useDocumentMeta } from '../../lib/document-title'
import { plural } from '../../lib/format'
import { modelPath } from '../../lib/paths'
import { PostView } from './post-view'
import { ReplyForm } from './reply-form'

/** `/models/:owner/:model/discussion/:topicId`: one topic and its replies. */
export default function TopicPage() {
  const params = useParams<{ owner: string; model: string; topicId: string }>()
  const location = useLocation()
  const topicId = () => Number(params.topicId)
  const queryClient = useQueryClient()
  const thread = useInfiniteQuery(() => communityQueries.topic(topicId()))
  const me = useQuery(() => sessionQueries.me())
  const first = () => (thread.isSuccess ? thread.data.pages[0] : undefined)
  const discussionHref = () =>
    `${modelPath({ owner: params.owner, model: params.model })}?tab=discussion`

  useDocumentMeta(() => ({
    title: first()?.title || `Topic in ${params.owner}/${params.model}`,
  }))

  const updatePages = (change: (page: ApiDiscussionTopicDetail) => ApiDiscussionTopicDetail) =>
    queryClient.setQueryData(
      communityQueries.topic(topicId()).queryKey,
      (old) => old && { ...old, pages: old.pages.map(change) },
    )
  const voteTopic = (state: VoteState) => updatePages((p) => ({ ...p, ...state }))
  const voteComment = (id: number, state: VoteState) =>
    updatePages((p) => ({
      ...p,
      comments: p.comments.map((c) => (c.id === id ? { ...c, ...state } : c)),
    }))

  return (
    <div class="page topic-page">
      <Breadcrumb
        crumbs={[
          {
            label: `${params.owner}/${params.model}`,
            href: modelPath({ owner: params.owner, model: params.model }),
          },
          { label: 'Discussion', href: discussionHref() },
        ]}
      />
      <QueryBoundary
        query={thread}
        error={(err) =>
          isNotFound(err) ? (
            <div class="notice empty-state">
              <p class="notice-title">Topic not found</p>
              <p>
                It may have been removed. <a href={discussionHref()}>Back to the discussion</a>
              </p>
            </div>
          ) : undefined
        }
      >
        {(data) => {
          const topic = () => data().pages[0]!
          const replies = createMemo(
            () => new Map(data().pages.flatMap((p) => p.comments.map((c) => [c.id, c]))),
          )
          return (
            <>
              <PostView
                kind="topics"
                post={topic()}
                me={me.data?.username}
                canModerate={topic().canModerate}
                applyVote={voteTopic}
                heading={
                  <h1 class="topic-heading">
                    <Show when={topic().isPinned}>
                      <span class="chip">Pinned</span>{' '}
                    </Show>
                    <Show when={topic().isLocked}>
                      <span class="chip">Locked</span>{' '}
                    </Show>
                    {topic().isDeleted ? '[deleted]' : topic().title}
                  </h1>
                }
              />
              <h2 class="replies-heading">{plural(topic().totalComments, 'reply', 'replies')}</h2>
              <ol class="reply-list" role="list">
                {/* by id: a vote changes a reply's object, not its element (nor focus) */}
                <For each={[...replies().keys()]}>
                  {(id) => (
                    <li>
                      <PostView
                        kind="comments"
                        post={replies().get(id)!}
                        me={me.data?.username}
                        canModerate={topic().canModerate}
                        applyVote={(state) => voteComment(id, state)}
                      />
                    </li>
                  )}
                </For>
              </ol>
              <LoadMoreButton query={thread} label="Load more replies" />
              <Switch>
                <Match when={topic().isLocked}>
                  <p class="notice">This topic is locked: it takes no new replies.</p>
                </Match>
                <Match when={topic().isDeleted}>
                  <p class="notice">This topic was deleted.</p>
                </Match>
                <Match when={!me.data}>
                  <p class="notice">
                    <a href={signInHref(location.pathname)}>Sign in to reply</a>
                  </p>
                </Match>
                <Match when={me.data}>
                  <ReplyForm topicId={topic().id} />
                </Match>
              </Switch>
            </>
          )
        }}
      </QueryBoundary>
    </div>
  )
}
