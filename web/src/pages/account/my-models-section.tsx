import { useQuery } from '@tanstack/solid-query'
import { For, Show } from 'solid-js'
import type { ApiMyModel } from '../../../../worker/api-types'
import { publishingQueries } from '../../api/publishing'
import { QueryBoundary } from '../../components/query-boundary'
import { formatBytes, plural } from '../../lib/format'
import { modelPath } from '../../lib/paths'

/** The models of the user and their organizations, private ones too, with each variation's state. */
export function MyModelsSection() {
  const models = useQuery(() => publishingQueries.myModels())
  return (
    <section class="account-section" aria-labelledby="my-models-heading">
      <div class="section-head">
        <h2 id="my-models-heading">Your models</h2>
        <a class="button button-primary button-small" href="/new-model">
          New model
        </a>
      </div>
      <QueryBoundary query={models}>
        {(list) => (
          <Show
            when={list().length}
            fallback={<p class="muted">You have not published a model yet.</p>}
          >
            <ul class="my-models">
              <For each={list()}>{(m) => <MyModel model={m} />}</For>
            </ul>
          </Show>
        )}
      </QueryBoundary>
    </section>
  )
}

const statusWords = { pending: 'processing', ready: 'ready', failed: 'failed' } as const

function MyModel(props: { model: ApiMyModel }) {
  const m = () => props.model
  const path = (framework?: string, variation?: string) =>
    modelPath({ owner: m().ownerSlug, model: m().slug, framework, variation })
  return (
    <li class="my-model">
      <div class="my-model-head">
        <a href={path()}>
          <strong>{m().title}</strong> <span class="muted">{m().ref}</span>
        </a>
        <span class={m().isPrivate ? 'badge badge-private' : 'badge'}>
          {m().isPrivate ? 'Private' : 'Public'}
        </span>
      </div>
      <ul class="my-variations" aria-label={`Variations of ${m().ref}`}>
        <For each={m().variations}>
          {(v) => (
            <li>
              <a href={path(v.framework, v.slug)}>
                {v.framework}/{v.slug}
              </a>{' '}
              <Show when={v.latestVersion} fallback={<span class="muted">no version</span>}>
                {(latest) => (
                  <span class="muted">
                    v{latest().number} · {statusWords[latest().status]} ·{' '}
                    {plural(latest().fileCount, 'file')}, {formatBytes(latest().totalBytes)}
                  </span>
                )}
              </Show>
              <Show when={m().provenance === 'community'}>
                {' '}
                <a
                  class="button button-small"
                  href={`/publish/${m().ref}/${encodeURIComponent(v.framework)}/${encodeURIComponent(v.slug)}/version`}
                >
                  New version
                </a>
              </Show>
            </li>
          )}
        </For>
      </ul>
      <Show when={m().provenance === 'community'}>
        <a class="button button-small" href={`/publish/${m().ref}/variation`}>
          Add a variation
        </a>{' '}
        <a class="button button-small" href={`/publish/${m().ref}/edit`}>
          Edit model
        </a>
      </Show>
    </li>
  )
}
