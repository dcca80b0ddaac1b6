import { useQuery, useQueryClient } from '@tanstack/solid-query'
import { useMutation } from '../lib/use-mutation'
import { createSignal, For, Show } from 'solid-js'
import type { ApiHostedNotebookDetail, ListModelsResponse } from '../../../worker/api-types'
import { errorMessage, getJson } from '../api/client'
import { modelQueries } from '../api/models'
import { attachNotebookInput, detachNotebookInput, notebookQueries } from '../api/notebooks'

/** One search result opened: its variations, each attachable at its latest version. */
function ModelVariations(props: {
  owner: string
  model: string
  onAttach: (framework: string, variation: string, version: number) => void
  busy: boolean
}) {
  const detail = useQuery(() => modelQueries.detail(props.owner, props.model))
  return (
    <Show when={detail.data} fallback={<p class="muted">Loading variations…</p>}>
      {(model) => (
        <ul role="list" class="add-models-variations">
          <For each={model().instances ?? []}>
            {(instance) => (
              <li>
                <code>{instance.handle}</code>
                <button
                  type="button"
                  class="button"
                  disabled={props.busy}
                  aria-label={`Attach ${instance.handle} version ${instance.versionNumber}`}
                  onClick={() =>
                    props.onAttach(instance.frameworkSlug, instance.slug, instance.versionNumber)
                  }
                >
                  Attach v{instance.versionNumber}
                </button>
              </li>
            )}
          </For>
        </ul>
      )}
    </Show>
  )
}

/**
 * "Add models": searches the catalog (the search API) and attaches a variation's version as an
 * input of the notebook; attached inputs can be removed.
 */
export function AddModels(props: { notebook: ApiHostedNotebookDetail }) {
  const queryClient = useQueryClient()
  const [search, setSearch] = createSignal('')
  const [open, setOpen] = createSignal('')
  const [error, setError] = createSignal('')
  const results = useQuery(() => ({
    queryKey: ['models', 'add-models', search()] as const,
    queryFn: ({ signal }) =>
      getJson<ListModelsResponse>('models/list', { search: search(), pageSize: 10 }, signal),
    enabled: search().trim() !== '',
  }))
  const refresh = () =>
    queryClient.invalidateQueries({
      queryKey: notebookQueries.detail(props.notebook.owner, props.notebook.slug).queryKey,
    })
  const attach = useMutation(() => ({
    mutationFn: (ref: {
      owner: string
      model: string
      framework: string
      variation: string
      version: number
    }) => attachNotebookInput(props.notebook.owner, props.notebook.slug, ref),
    onSuccess: () => {
      setError('')
      return refresh()
    },
    onError: (err) => setError(errorMessage(err)),
  }))
  const detach = useMutation(() => ({
    mutationFn: (input: ApiHostedNotebookDetail['inputs'][number]) =>
      detachNotebookInput(props.notebook.owner, props.notebook.slug, input),
    onSuccess: () => {
      setError('')
      return refresh()
    },
    onError: (err) => setError(errorMessage(err)),
  }))
  return (
    <section class="panel add-models" aria-labelledby="add-models-heading">
      <h2 id="add-models-heading">Input</h2>
      <ul role="list" aria-label="Attached models">
        <For each={props.notebook.inputs} fallback={<li class="muted">No models attached.</li>}>
          {(input) => (
            <li>
              <code>{input.handle}</code>
              <button
                type="button"
                class="button"
                aria-label={`Remove ${input.handle}`}
                disabled={detach.isPending}
                onClick={() => detach.mutate(input)}
              >
                Remove
              </button>
            </li>
          )}
        </For>
      </ul>
      <form
        role="search"
        onSubmit={(e) => {
          e.preventDefault()
          setSearch(new FormData(e.currentTarget).get('q')?.toString().trim() ?? '')
        }}
      >
        <label>
          Add models <input name="q" type="search" placeholder="Search the catalog" />
        </label>
        <button type="submit" class="button">
          Search
        </button>
      </form>
      <Show when={results.data}>
        {(found) => (
          <ul role="list" aria-label="Search results">
            <For each={found().models} fallback={<li class="muted">No models found.</li>}>
              {(model) => (
                <li>
                  <button
                    type="button"
                    class="link-button"
                    aria-expanded={open() === model.ref}
                    onClick={() => setOpen(open() === model.ref ? '' : model.ref)}
                  >
                    {model.title}
                  </button>{' '}
                  <span class="muted">{model.ref}</span>
                  <Show when={open() === model.ref}>
                    <ModelVariations
                      owner={model.ownerSlug}
                      model={model.slug}
                      busy={attach.isPending}
                      onAttach={(framework, variation, version) =>
                        attach.mutate({
                          owner: model.ownerSlug,
                          model: model.slug,
                          framework,
                          variation,
                          version,
                        })
                      }
                    />
                  </Show>
                </li>
              )}
            </For>
          </ul>
        )}
      </Show>
      <Show when={error()}>
        <p class="notice notice-warning" role="alert">
          {error()}
        </p>
      </Show>
    </section>
  )
}
