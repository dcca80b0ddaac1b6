import { For, Show } from 'solid-js'
import type { ApiDiscussionTopic, ApiNotebook } from '../../../worker/api-types'
import { formatDate, formatRelative, plural } from '../lib/format'
import { Avatar } from './avatar'
import { safeHref } from '../lib/safe-href'

/** A model's discussion topics, read-only: posting arrives with accounts. */
export function DiscussionList(props: { topics: ApiDiscussionTopic[]; total: number }) {
  return (
    <Show
      when={props.topics.length > 0}
      fallback={
        <div class="notice empty-state">
          <p class="notice-title">No discussions yet</p>
          <p>Questions and answers about this model will appear here once accounts can post.</p>
        </div>
      }
    >
      <p class="muted">{plural(props.total, 'topic')}</p>
      <ul class="topic-list" role="list" aria-label="Discussion topics">
        <For each={props.topics}>
          {(topic) => (
            <li class="topic">
              <Avatar name={topic.author.name} src={topic.author.imageUrl} size={32} />
              <div>
                <p class="topic-title">
                  <Show when={topic.isPinned}>
                    <span class="chip">Pinned</span>{' '}
                  </Show>
                  {topic.title}
                  <Show when={topic.isLocked}>
                    {' '}
                    <span class="chip">Locked</span>
                  </Show>
                </p>
                <p class="topic-meta">
                  {topic.author.name} · {plural(topic.commentCount, 'comment')} · last activity{' '}
                  <time
                    datetime={topic.lastActivityTime}
                    title={formatDate(topic.lastActivityTime)}
                  >
                    {formatRelative(topic.lastActivityTime)}
                  </time>
                </p>
              </div>
            </li>
          )}
        </For>
      </ul>
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
