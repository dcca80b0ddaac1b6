import { useQuery, useQueryClient } from '@tanstack/solid-query'
import { useMutation } from '../lib/use-mutation'
import { createSignal, For, Show } from 'solid-js'
import { communityQueries, suggestSource } from '../api/community'
import { sessionQueries } from '../api/session'
import { PostError } from '../components/post-error'
import { QueryBoundary } from '../components/query-boundary'
import { signInHref } from '../components/vote-button'
import { useDocumentMeta } from '../lib/document-title'
import { formatDate, formatRelative } from '../lib/format'

const statusLabels = {
  new: 'New',
  reviewing: 'Being reviewed',
  accepted: 'Accepted',
  rejected: 'Declined',
} as const

/** `/suggest`: propose a source of models to import, and see what became of earlier ones. */
export default function SuggestPage() {
  useDocumentMeta(() => ({ title: 'Suggest a source' }))
  const me = useQuery(() => sessionQueries.me())
  return (
    <div class="page suggest-page">
      <h1>Suggest a source</h1>
      <p class="muted">
        Know a place that publishes models Modelport should import? Tell us where; an administrator
        reviews every suggestion.
      </p>
      <Show when={!me.isPending}>
        <Show
          when={me.data}
          fallback={
            <p class="notice">
              <a href={signInHref('/suggest')}>Sign in to suggest a source</a>
            </p>
          }
        >
          <SuggestForm />
          <MySuggestions />
        </Show>
      </Show>
    </div>
  )
}

function SuggestForm() {
  const [name, setName] = createSignal('')
  const [url, setUrl] = createSignal('')
  const [note, setNote] = createSignal('')
  const [sent, setSent] = createSignal(false)
  const queryClient = useQueryClient()
  const send = useMutation(() => ({
    mutationFn: () => suggestSource({ name: name(), url: url(), note: note() }),
    onSuccess: async () => {
      setName('')
      setUrl('')
      setNote('')
      setSent(true)
      await queryClient.invalidateQueries({ queryKey: communityQueries.mySuggestions().queryKey })
    },
  }))
  return (
    <form
      class="post-form panel"
      aria-label="Suggest a source"
      onSubmit={(e) => {
        e.preventDefault()
        setSent(false)
        send.mutate()
      }}
    >
      <label class="field">
        <span>Name</span>
        <input
          value={name()}
          maxLength={200}
          required
          onInput={(e) => setName(e.currentTarget.value)}
        />
      </label>
      <label class="field">
        <span>Address (http or https)</span>
        <input
          type="url"
          value={url()}
          maxLength={500}
          required
          onInput={(e) => setUrl(e.currentTarget.value)}
        />
      </label>
      <label class="field">
        <span>Notes (optional)</span>
        <textarea
          rows={4}
          value={note()}
          maxLength={2000}
          onInput={(e) => setNote(e.currentTarget.value)}
        />
      </label>
      <PostError error={send.error} />
      <Show when={sent()}>
        <p role="status">Thank you: your suggestion is in the queue.</p>
      </Show>
      <div class="form-actions">
        <button type="submit" class="button button-primary" disabled={send.isPending}>
          Send suggestion
        </button>
      </div>
    </form>
  )
}

function MySuggestions() {
  const mine = useQuery(() => communityQueries.mySuggestions())
  return (
    <section class="panel" aria-labelledby="my-suggestions">
      <h2 id="my-suggestions">Your suggestions</h2>
      <QueryBoundary query={mine}>
        {(data) => (
          <Show when={data().suggestions.length > 0} fallback={<p class="muted">None yet.</p>}>
            <ul class="suggestion-list" role="list">
              <For each={data().suggestions}>
                {(s) => (
                  <li>
                    <p>
                      <strong>{s.name}</strong> <span class="chip">{statusLabels[s.status]}</span>
                    </p>
                    <p class="muted breakable">{s.url}</p>
                    <Show when={s.adminNote}>
                      <p>Reviewer's note: {s.adminNote}</p>
                    </Show>
                    <p class="muted">
                      Sent{' '}
                      <time datetime={s.createTime} title={formatDate(s.createTime)}>
                        {formatRelative(s.createTime)}
                      </time>
                    </p>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        )}
      </QueryBoundary>
    </section>
  )
}
