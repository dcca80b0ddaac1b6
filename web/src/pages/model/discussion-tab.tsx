import { useLocation, useSearchParams } from '@solidjs/router'
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/solid-query'
import { createSignal, Show } from 'solid-js'
import { communityQueries, type DiscussionSort, type VoteState } from '../../api/community'
import { sessionQueries } from '../../api/session'
import { DiscussionList } from '../../components/discussion-list'
import { LoadMoreButton } from '../../components/load-more-button'
import { QueryBoundary } from '../../components/query-boundary'
import { signInHref } from '../../components/vote-button'
import { plural } from '../../lib/format'
import { NewTopicForm } from './new-topic-form'

const sorts: { value: DiscussionSort; label: string }[] = [
  { value: 'hot', label: 'Hot' },
  { value: 'recent', label: 'Recent' },
  { value: 'votes', label: 'Most votes' },
]

/** A model's topics: sorted, paged with "Load more", and a form to start one. */
export function DiscussionTab(props: { owner: string; model: string }) {
  const [search, setSearch] = useSearchParams()
  const location = useLocation()
  const sort = (): DiscussionSort =>
    search.sort === 'recent' || search.sort === 'votes' ? search.sort : 'hot'
  const queryClient = useQueryClient()
  const topics = useInfiniteQuery(() => communityQueries.topics(props.owner, props.model, sort()))
  const me = useQuery(() => sessionQueries.me())
  const [composing, setComposing] = createSignal(false)

  const applyVote = (topicId: number, state: VoteState) =>
    queryClient.setQueryData(
      communityQueries.topics(props.owner, props.model, sort()).queryKey,
      (old) =>
        old && {
          ...old,
          pages: old.pages.map((page) => ({
            ...page,
            topics: page.topics.map((t) => (t.id === topicId ? { ...t, ...state } : t)),
          })),
        },
    )

  return (
    <section class="panel" aria-labelledby="discussion-heading">
      <div class="discussion-bar">
        <h2 id="discussion-heading">Discussion</h2>
        <label class="sort-control">
          <span>Sort</span>
          <select
            value={sort()}
            onChange={(e) =>
              setSearch({
                sort: e.currentTarget.value === 'hot' ? undefined : e.currentTarget.value,
              })
            }
          >
            {sorts.map((s) => (
              <option value={s.value}>{s.label}</option>
            ))}
          </select>
        </label>
        <Show
          when={me.data}
          fallback={
            <a class="button" href={signInHref(location.pathname + location.search)}>
              Sign in to start a topic
            </a>
          }
        >
          <Show when={!composing()}>
            <button type="button" class="button button-primary" onClick={() => setComposing(true)}>
              New topic
            </button>
          </Show>
        </Show>
      </div>
      <Show when={composing() && me.data}>
        <NewTopicForm
          owner={props.owner}
          model={props.model}
          onCancel={() => setComposing(false)}
        />
      </Show>
      <QueryBoundary query={topics}>
        {(data) => (
          <Show
            when={data().pages[0]!.totalResults > 0}
            fallback={
              <div class="notice empty-state">
                <p class="notice-title">No discussions yet</p>
                <p>Ask a question or share what you built with this model.</p>
              </div>
            }
          >
            <p class="muted">{plural(data().pages[0]!.totalResults, 'topic')}</p>
            <DiscussionList
              topics={data().pages.flatMap((p) => p.topics)}
              owner={props.owner}
              model={props.model}
              applyVote={applyVote}
            />
            <LoadMoreButton query={topics} label="Load more" />
          </Show>
        )}
      </QueryBoundary>
    </section>
  )
}
