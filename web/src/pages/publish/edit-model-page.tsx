import { useNavigate, useParams } from '@solidjs/router'
import { useQuery, useQueryClient } from '@tanstack/solid-query'
import { useMutation } from '../../lib/use-mutation'
import { createSignal, Match, Show, Switch } from 'solid-js'
import type { ApiModelDetail, ApiPublishingOptions } from '../../../../worker/api-types'
import { modelQueries } from '../../api/models'
import { deleteModel, editModel, publishingQueries } from '../../api/publishing'
import { createFormProblems, describeFailure, Field, FormError } from '../../components/form-field'
import { QueryBoundary } from '../../components/query-boundary'
import { useDocumentMeta } from '../../lib/document-title'
import { modelPath } from '../../lib/paths'
import { EditVariationsSection } from './edit-variations-section'
import { createModelDetails, ModelDetailsFields } from './model-details-fields'
import { SignedIn } from './signed-in'

/** "Edit model": title, subtitle, card, licence, tags and visibility; its variations; deleting. */
export default function EditModelPage() {
  const params = useParams()
  const ref = () => `${params.owner}/${params.model}`
  useDocumentMeta(() => ({ title: `Edit ${ref()}` }))
  return (
    <div class="page publish-page">
      <h1>Edit model</h1>
      <p class="muted">
        <a href={modelPath({ owner: params.owner!, model: params.model! })}>{ref()}</a>
      </p>
      <SignedIn>{() => <Loaded owner={params.owner!} model={params.model!} />}</SignedIn>
    </div>
  )
}

function Loaded(props: { owner: string; model: string }) {
  const options = useQuery(() => publishingQueries.options())
  const model = useQuery(() => modelQueries.detail(props.owner, props.model))
  return (
    <QueryBoundary query={model}>
      {(m) => (
        <Switch>
          <Match when={m().provenance !== 'community'}>
            <p>A model imported from TF Hub is kept by the sync and cannot be edited here.</p>
          </Match>
          <Match when={!m().canEdit}>
            <p>Only the model's owner, members of its organization and admins can edit it.</p>
          </Match>
          <Match when={m().canEdit}>
            <QueryBoundary query={options}>
              {(o) => (
                <>
                  <EditForm model={m()} options={o()} />
                  <EditVariationsSection model={m()} />
                  <DeleteSection model={m()} />
                </>
              )}
            </QueryBoundary>
          </Match>
        </Switch>
      )}
    </QueryBoundary>
  )
}

function EditForm(props: { model: ApiModelDetail; options: ApiPublishingOptions }) {
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const details = createModelDetails({
    title: props.model.title,
    subtitle: props.model.subtitle,
    card: props.model.description,
    licence: props.model.license?.id ?? '',
    tags: props.model.tags.map((t) => t.ref),
    isPrivate: props.model.isPrivate,
  })
  const form = createFormProblems()

  const save = useMutation(() => ({
    mutationFn: () =>
      editModel(props.model.ref, {
        title: details.title().trim(),
        subtitle: details.subtitle().trim(),
        description: details.card(),
        licenseId: details.licence() || null,
        tags: details.tags(),
        isPrivate: details.isPrivate(),
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['models'] })
      await queryClient.invalidateQueries({ queryKey: ['publishing'] })
      navigate(modelPath({ owner: props.model.ownerSlug, model: props.model.slug }))
    },
    onError: (err) => {
      form.fail(err)
    },
  }))

  const submit = (e: SubmitEvent) => {
    e.preventDefault()
    const problems: Record<string, string> = details.title().trim()
      ? {}
      : { title: 'Enter a title.' }
    if (!form.check(problems)) return
    save.mutate()
  }

  return (
    <form ref={form.ref} class="account-form publish-form" novalidate onSubmit={submit}>
      <FormError message={form.message()} />
      <Field
        label="Title"
        name="title"
        maxLength={200}
        value={details.title()}
        onInput={(e) => details.setTitle(e.currentTarget.value)}
        error={form.fields().title}
      />
      <ModelDetailsFields
        details={details}
        options={props.options}
        privateTo={
          props.options.owners.some((o) => o.isOrganization && o.slug === props.model.ownerSlug)
            ? 'members of the organization'
            : 'you'
        }
      />
      <div class="form-actions">
        <button type="submit" class="button button-primary" disabled={save.isPending}>
          Save changes
        </button>
        <a
          class="button"
          href={modelPath({ owner: props.model.ownerSlug, model: props.model.slug })}
        >
          Cancel
        </a>
        <Show when={save.isPending}>
          <p class="form-status" role="status">
            Saving…
          </p>
        </Show>
      </div>
    </form>
  )
}

/** Deleting takes two steps: open the form, then type the model's handle to confirm. */
function DeleteSection(props: { model: ApiModelDetail }) {
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const [open, setOpen] = createSignal(false)
  const [confirm, setConfirm] = createSignal('')
  const [problem, setProblem] = createSignal<string>()

  const remove = useMutation(() => ({
    mutationFn: () => deleteModel(props.model.ref),
    onSuccess: async () => {
      navigate('/account', { replace: true })
      await queryClient.invalidateQueries()
    },
    onError: (err) => setProblem(describeFailure(err).message),
  }))

  const submit = (e: SubmitEvent) => {
    e.preventDefault()
    if (confirm().trim() !== props.model.ref) {
      setProblem(`Type ${props.model.ref} to confirm.`)
      return
    }
    setProblem(undefined)
    remove.mutate()
  }

  return (
    <section class="account-section account-danger" aria-labelledby="delete-model-heading">
      <h2 id="delete-model-heading">Delete model</h2>
      <p>
        The model, its variations and versions leave the catalog, and their links answer "not
        found". Its handle becomes free for a new model. This cannot be undone.
      </p>
      <Show
        when={open()}
        fallback={
          <button type="button" class="button button-danger" onClick={() => setOpen(true)}>
            Delete model…
          </button>
        }
      >
        <form class="account-form" novalidate onSubmit={submit}>
          <FormError message={problem()} />
          <Field
            label={`Type ${props.model.ref} to confirm`}
            name="confirm"
            autocomplete="off"
            autocapitalize="none"
            spellcheck={false}
            value={confirm()}
            onInput={(e) => setConfirm(e.currentTarget.value)}
          />
          <div class="form-actions">
            <button type="submit" class="button button-danger" disabled={remove.isPending}>
              Delete this model
            </button>
            <button type="button" class="button" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
        </form>
      </Show>
    </section>
  )
}
