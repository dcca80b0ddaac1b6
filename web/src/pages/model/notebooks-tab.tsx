import { useQuery } from '@tanstack/solid-query'
import { createSignal, For, Show } from 'solid-js'
import { notebookQueries, type NotebookSort } from '../../api/notebooks'
import { NotebookList } from '../../components/discussion-list'
import { QueryBoundary } from '../../components/query-boundary'
import { formatDate, formatNumber } from '../../lib/format'
import { notebookPath } from '../../lib/paths'

/** The notebooks that use a model: hosted ones (by their inputs), then external links. */
export function NotebooksTab(props: { owner: string; model: string }) {
  const [sort, setSort] = createSignal<NotebookSort>('votes')
  const list = useQuery(() => notebookQueries.forModel(props.owner, props.model, sort()))
  return (
    <section class="panel" aria-labelledby="notebooks-heading">
      <div class="section-heading">
        <h2 id="notebooks-heading">Notebooks</h2>
        <label>
          Sort{' '}
          <select
            value={sort()}
            onChange={(e) => setSort(e.currentTarget.value as NotebookSort)}
            aria-label="Sort notebooks"
          >
            <option value="votes">Most votes</option>
            <option value="recent">Recently updated</option>
          </select>
        </label>
      </div>
      <QueryBoundary query={list}>
        {(data) => (
          <>
            <Show when={data().notebooks.length > 0}>
              <ul class="notebook-list" role="list" aria-label="Notebooks on Modelport">
                <For each={data().notebooks}>
                  {(nb) => (
                    <li>
                      <a href={notebookPath(nb.owner, nb.slug)}>{nb.title}</a>
                      <span class="muted">
                        {' '}
                        · {nb.ownerName} · {formatNumber(nb.voteCount)} votes ·{' '}
                        {formatNumber(nb.forkCount)} forks · {nb.language} · updated{' '}
                        {formatDate(nb.updateTime)}
                        {nb.isPrivate ? ' · private' : ''}
                      </span>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
            <Show when={data().links.length > 0 || data().notebooks.length === 0}>
              <NotebookList notebooks={data().links} />
            </Show>
          </>
        )}
      </QueryBoundary>
    </section>
  )
}
