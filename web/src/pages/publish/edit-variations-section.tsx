import { useQueryClient } from '@tanstack/solid-query'
import { useMutation } from '../../lib/use-mutation'
import { createSignal, For, Show } from 'solid-js'
import type { ApiModelDetail, ApiModelInstance } from '../../../../worker/api-types'
import { deleteVariation, editVariation } from '../../api/publishing'
import { describeFailure, Field, FormError } from '../../components/form-field'
import { MarkdownEditor } from '../../components/markdown-editor'
import { plural } from '../../lib/format'
import { EditVersionsList } from './edit-versions-list'

/** The model's variations on the Edit model page: each one's details, versions, and deleting it. */
export function EditVariationsSection(props: { model: ApiModelDetail }) {
  // which variation has which panel open, by id: a refetched model makes new rows (their
  // version counts change), and they open what was open
  const [open, setOpen] = createSignal<{ id: number; mode: Mode }>()
  return (
    <section class="account-section" aria-labelledby="variations-heading">
      <h2 id="variations-heading">Variations</h2>
      <Show when={props.model.instances?.length} fallback={<p class="muted">No variation yet.</p>}>
        <ul class="edit-variations" role="list">
          <For each={props.model.instances}>
            {(v) => (
              <EditVariation
                model={props.model}
                variation={v}
                mode={open()?.id === v.id ? open()!.mode : 'view'}
                setMode={(mode) => setOpen({ id: v.id, mode })}
              />
            )}
          </For>
        </ul>
      </Show>
    </section>
  )
}

type Mode = 'view' | 'edit' | 'versions' | 'delete'

function EditVariation(props: {
  model: ApiModelDetail
  variation: ApiModelInstance
  mode: Mode
  setMode: (mode: Mode) => void
}) {
  const queryClient = useQueryClient()
  const handle = () => `${props.model.ref}/${props.variation.frameworkSlug}/${props.variation.slug}`
  const name = () => `${props.variation.frameworkSlug}/${props.variation.slug}`
  const mode = () => props.mode
  const setMode = (next: Mode) => props.setMode(next)
  const [overview, setOverview] = createSignal(props.variation.overview)
  const [usage, setUsage] = createSignal(props.variation.usage)
  const [fineTunable, setFineTunable] = createSignal(props.variation.fineTunable ?? false)
  const [confirm, setConfirm] = createSignal('')
  const [problem, setProblem] = createSignal<string>()
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['models'] })

  const save = useMutation(() => ({
    mutationFn: () =>
      editVariation(handle(), { overview: overview(), usage: usage(), fineTunable: fineTunable() }),
    onSuccess: async () => {
      setMode('view')
      await refresh()
    },
    onError: (err) => setProblem(describeFailure(err).message),
  }))
  const remove = useMutation(() => ({
    mutationFn: () => deleteVariation(handle()),
    onSuccess: refresh,
    onError: (err) => setProblem(describeFailure(err).message),
  }))

  const open = (next: Mode) => {
    setProblem(undefined)
    setMode(next)
  }
  const submitDelete = (e: SubmitEvent) => {
    e.preventDefault()
    if (confirm().trim() !== name()) return setProblem(`Type ${name()} to confirm.`)
    setProblem(undefined)
    remove.mutate()
  }

  return (
    <li class="edit-variation">
      <div class="my-model-head">
        <strong>{name()}</strong>
        <span class="muted">{plural(props.variation.versionCount, 'version')}</span>
      </div>
      <Show when={mode() === 'view'}>
        <div class="form-actions">
          <button type="button" class="button button-small" onClick={() => open('edit')}>
            Edit {name()}
          </button>
          <button type="button" class="button button-small" onClick={() => open('versions')}>
            Versions of {name()}
          </button>
          <button
            type="button"
            class="button button-small button-danger"
            onClick={() => open('delete')}
          >
            Delete {name()}…
          </button>
        </div>
      </Show>
      <Show when={mode() === 'edit'}>
        <form
          class="account-form publish-form"
          novalidate
          onSubmit={(e) => {
            e.preventDefault()
            save.mutate()
          }}
        >
          <FormError message={problem()} />
          <Field
            label="Overview"
            name={`overview-${name()}`}
            multiline
            maxLength={20_000}
            value={overview()}
            onInput={(e) => setOverview(e.currentTarget.value)}
          />
          <MarkdownEditor
            label="Usage"
            value={usage()}
            onInput={setUsage}
            maxLength={50_000}
            rows={6}
          />
          <div class="field field-check">
            <label>
              <input
                type="checkbox"
                checked={fineTunable()}
                onChange={(e) => setFineTunable(e.currentTarget.checked)}
              />{' '}
              Fine-tunable
            </label>
          </div>
          <div class="form-actions">
            <button type="submit" class="button button-primary" disabled={save.isPending}>
              Save {name()}
            </button>
            <button type="button" class="button" onClick={() => open('view')}>
              Cancel
            </button>
          </div>
        </form>
      </Show>
      <Show when={mode() === 'versions'}>
        <EditVersionsList
          owner={props.model.ownerSlug}
          model={props.model.slug}
          framework={props.variation.frameworkSlug}
          variation={props.variation.slug}
        />
        <div class="form-actions">
          <button type="button" class="button" onClick={() => open('view')}>
            Done
          </button>
        </div>
      </Show>
      <Show when={mode() === 'delete'}>
        <form class="account-form" novalidate onSubmit={submitDelete}>
          <p>
            Its versions leave the catalog and their links answer "not found". This cannot be
            undone.
          </p>
          <FormError message={problem()} />
          <Field
            label={`Type ${name()} to confirm`}
            name={`confirm-${name()}`}
            autocomplete="off"
            autocapitalize="none"
            spellcheck={false}
            value={confirm()}
            onInput={(e) => setConfirm(e.currentTarget.value)}
          />
          <div class="form-actions">
            <button type="submit" class="button button-danger" disabled={remove.isPending}>
              Delete this variation
            </button>
            <button type="button" class="button" onClick={() => open('view')}>
              Cancel
            </button>
          </div>
        </form>
      </Show>
    </li>
  )
}
