import { For, Show } from 'solid-js'
import type { ApiDiscussionTopic, ApiNotebook, ApiPostAuthor } from '../../../worker/api-types'
import type { VoteState } from '../api/community'
import { formatDate, formatRelative, plural } from '../lib/format'
import { topicPath, userPath } from '../lib/paths'
import { safeHref } from '../lib/safe-href'
import { VoteButton } from './vote-button'

/** A model's discussion topics: each links to its thread, with its badges, counts and vote. */
export function DiscussionList(props: {
  topics: ApiDiscussionTopic[]
  owner: string
  model: string
  applyVote: (topicId: number, state: VoteState) => void
}) {
  return (
    <ul class="topic-list" role="list" aria-label="Discussion topics">
      <For each={props.topics}>
        {(topic) => (
          <li class="topic" classList={{ 'topic-hidden': topic.isHidden }}>
            <VoteButton
              what="topic"
              target={{ kind: 'topics', id: topic.id }}
              state={{ voteCount: topic.voteCount, hasVoted: topic.hasVoted }}
              apply={(state) => props.applyVote(topic.id, state)}
            />
            <div class="topic-main">
              <p class="topic-title">
                <Show when={topic.isPinned}>
                  <span class="chip">Pinned</span>{' '}
                </Show>
                <Show when={topic.isLocked}>
                  <span class="chip">Locked</span>{' '}
                </Show>
                <Show when={topic.isHidden}>
                  <span class="chip">Hidden</span>{' '}
                </Show>
                <a href={topicPath(props.owner, props.model, topic.id)}>
                  {topic.isDeleted ? '[deleted]' : topic.title}
                </a>
              </p>
              <p class="topic-meta">
                <AuthorName author={topic.author} /> ·{' '}
                {plural(topic.commentCount, 'reply', 'replies')}
                <Show when={topic.isEdited}> · edited</Show> · last activity{' '}
                <time datetime={topic.lastActivityTime} title={formatDate(topic.lastActivityTime)}>
                  {formatRelative(topic.lastActivityTime)}
                </time>
              </p>
            </div>
          </li>
        )}
      </For>
    </ul>
  )
}

/** A post's author: a link to their profile, or plain text for a deleted account. */
export function AuthorName(props: { author: ApiPostAuthor }) {
  return (
    <Show when={props.author.slug} fallback={<span class="muted">{props.author.name}</span>}>
      {(slug) => <a href={userPath(slug())}>{props.author.name}</a>}
    </Show>
  )
}

/** Notebooks that use a model (TF Hub's Colab links, later ones users add). */
export function NotebookList(props: { notebooks: ApiNotebook[] }) {
  return (
    <Show
      when={props.notebooks.length > 0}
      fallback={
        <div class="notice empty-state">
          <p class="notice-title">No notebooks yet</p>
          <p>Notebooks that use this model will be listed here.</p>
        </div>
      }
    >
      <ul class="notebook-list" role="list" aria-label="Notebooks">
        <For each={props.notebooks}>
          {(notebook) => (
            <li>
              <Show when={safeHref(notebook.url)} fallback={notebook.title}>
                {(url) => (
                  <a href={url()} target="_blank" rel="noopener noreferrer">
                    {notebook.title}
                  </a>
                )}
              </Show>
              <span class="muted">
                {' '}
                · {notebook.source === 'tfhub' ? 'from TF Hub' : 'shared by a user'} ·{' '}
                {hostOf(notebook.url)}
              </span>
            </li>
          )}
        </For>
      </ul>
    </Show>
  )
}

function hostOf(url: string) {
  try {
    return new URL(url).hostname.replace(/^www\./, '')
  } catch {
    return ''
  }
}
