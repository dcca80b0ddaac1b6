import { useQuery, useQueryClient } from '@tanstack/solid-query'
import { useMutation } from '../lib/use-mutation'
import { For, Show } from 'solid-js'
import type { ApiAdminReport } from '../../../worker/api-types'
import { adminQueries, setReportStatus, setSuggestionStatus } from '../api/admin'
import { PostError } from '../components/post-error'
import { QueryBoundary } from '../components/query-boundary'
import { formatRelative } from '../lib/format'
import { notebookPath, topicPath } from '../lib/paths'

/** The moderation queue: open reports to resolve or dismiss, suggestions to accept or reject. */
export function AdminQueues(props: { token: string }) {
  const queryClient = useQueryClient()
  const reports = useQuery(() => adminQueries.openReports(props.token))
  const suggestions = useQuery(() => adminQueries.suggestions(props.token))
  const act = useMutation(() => ({
    mutationFn: (run: () => Promise<unknown>) => run(),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['admin'] }),
  }))

  const reportLink = (r: ApiAdminReport) => {
    if (r.notebook) {
      const [owner, slug] = r.notebook.split('/')
      return owner && slug ? { href: notebookPath(owner, slug), label: r.notebook } : undefined
    }
    const [owner, slug] = (r.model ?? '').split('/')
    return owner && slug && r.topicId
      ? { href: topicPath(owner, slug, r.topicId), label: r.model }
      : undefined
  }
  const reported = { topic: 'topic', comment: 'reply', notebook_comment: 'notebook comment' }

  return (
    <>
      <PostError error={act.error} />
      <section class="panel" aria-labelledby="reports-heading">
        <h2 id="reports-heading">Open reports</h2>
        <QueryBoundary query={reports}>
          {(data) => (
            <Show when={data().reports.length} fallback={<p class="muted">No open reports.</p>}>
              <ul class="queue-list" role="list">
                <For each={data().reports}>
                  {(r) => (
                    <li>
                      <p>
                        A {reported[r.targetKind]}
                        <Show when={reportLink(r)}>
                          {(link) => (
                            <>
                              {' '}
                              in <a href={link().href}>{link().label}</a>
                            </>
                          )}
                        </Show>
                        , reported by {r.reporter ?? 'a deleted user'}{' '}
                        {formatRelative(r.createTime)}
                      </p>
                      <p>
                        <strong>Reason:</strong> {r.reason}
                      </p>
                      <blockquote class="reported-text">{r.text || '(deleted)'}</blockquote>
                      <div class="form-actions">
                        <button
                          type="button"
                          onClick={() => act.mutate(() => setReportStatus(r.id, 'resolved'))}
                        >
                          Resolve
                        </button>
                        <button
                          type="button"
                          onClick={() => act.mutate(() => setReportStatus(r.id, 'dismissed'))}
                        >
                          Dismiss
                        </button>
                      </div>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          )}
        </QueryBoundary>
      </section>
      <section class="panel" aria-labelledby="suggestions-heading">
        <h2 id="suggestions-heading">Suggested sources</h2>
        <QueryBoundary query={suggestions}>
          {(data) => (
            <Show when={data().suggestions.length} fallback={<p class="muted">No suggestions.</p>}>
              <ul class="queue-list" role="list">
                <For each={data().suggestions}>
                  {(s) => (
                    <li>
                      <p>
                        <strong>{s.name}</strong> <span class="chip">{s.status}</span> from{' '}
                        {s.username ?? 'a deleted user'} {formatRelative(s.createTime)}
                      </p>
                      <p class="breakable">
                        <code>{s.url}</code>
                      </p>
                      <Show when={s.note}>
                        <p>{s.note}</p>
                      </Show>
                      <Show when={s.status === 'new' || s.status === 'reviewing'}>
                        <div class="form-actions">
                          <button
                            type="button"
                            onClick={() => act.mutate(() => setSuggestionStatus(s.id, 'accepted'))}
                          >
                            Accept
                          </button>
                          <button
                            type="button"
                            onClick={() => act.mutate(() => setSuggestionStatus(s.id, 'rejected'))}
                          >
                            Reject
                          </button>
                        </div>
                      </Show>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          )}
        </QueryBoundary>
      </section>
    </>
  )
}
