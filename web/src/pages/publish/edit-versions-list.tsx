import { useQuery, useQueryClient } from '@tanstack/solid-query'
import { useMutation } from '../../lib/use-mutation'
import { createSignal, For, Show } from 'solid-js'
import type { ApiModelVersion } from '../../../../worker/api-types'
import { modelQueries } from '../../api/models'
import { deleteVersion } from '../../api/publishing'
import { describeFailure, FormError } from '../../components/form-field'
import { formatBytes, plural } from '../../lib/format'

/** A variation's versions on the Edit model page, each deletable but the last one left. */
export function EditVersionsList(props: {
  owner: string
  model: string
  framework: string
  variation: string
}) {
  const queryClient = useQueryClient()
  const versions = useQuery(() => modelQueries.versions(props))
  const handle = () => `${props.owner}/${props.model}/${props.framework}/${props.variation}`
  const [confirming, setConfirming] = createSignal<number>()
  const [problem, setProblem] = createSignal<string>()
  const remove = useMutation(() => ({
    mutationFn: (version: number) => deleteVersion(handle(), version),
    onSuccess: async () => {
      setConfirming(undefined)
      await queryClient.invalidateQueries({ queryKey: ['models'] })
    },
    onError: (err) => setProblem(describeFailure(err).message),
  }))
  const list = () => versions.data?.versions ?? []
  const only = () => list().length === 1

  const row = (v: ApiModelVersion) => (
    <li class="edit-version">
      <div class="my-model-head">
        <strong>Version {v.versionNumber}</strong>
        <span class="muted">
          {v.status} · {plural(v.fileCount, 'file')} · {formatBytes(v.totalBytes)}
        </span>
      </div>
      <Show
        when={confirming() === v.versionNumber}
        fallback={
          <button
            type="button"
            class="button button-small button-danger"
            disabled={only()}
            onClick={() => {
              setProblem(undefined)
              setConfirming(v.versionNumber)
            }}
          >
            Delete version {v.versionNumber}…
          </button>
        }
      >
        <p>
          Its files leave the catalog and their links answer "not found". Its number is not used
          again. This cannot be undone.
        </p>
        <div class="form-actions">
          <button
            type="button"
            class="button button-small button-danger"
            disabled={remove.isPending}
            onClick={() => remove.mutate(v.versionNumber)}
          >
            Delete version {v.versionNumber}
          </button>
          <button type="button" class="button button-small" onClick={() => setConfirming()}>
            Keep it
          </button>
        </div>
      </Show>
    </li>
  )

  return (
    <div class="edit-versions">
      <FormError message={problem() ?? (versions.error ? 'Could not load the versions.' : '')} />
      <Show when={versions.data} fallback={<p class="muted">Loading versions…</p>}>
        <ul class="edit-variations" role="list" aria-label={`Versions of ${handle()}`}>
          <For each={list()}>{row}</For>
        </ul>
        <Show when={only()}>
          <p class="muted">
            A variation keeps its last version: to remove it, delete the variation.
          </p>
        </Show>
      </Show>
    </div>
  )
}
