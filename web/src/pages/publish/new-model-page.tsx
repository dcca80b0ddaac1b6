import { useNavigate } from '@solidjs/router'
import { useQuery, useQueryClient } from '@tanstack/solid-query'
import { useMutation } from '../../lib/use-mutation'
import { createSignal, For, Show } from 'solid-js'
import type { AccountMe, ApiPublishingOptions } from '../../../../worker/api-types'
import { createModel, publishingQueries, setLabels } from '../../api/publishing'
import { createFormProblems, Field, FormError } from '../../components/form-field'
import { QueryBoundary } from '../../components/query-boundary'
import { useDocumentMeta } from '../../lib/document-title'
import { slugOf, slugProblem } from '../../lib/upload/slugs'
import { createModelDetails, ModelDetailsFields } from './model-details-fields'
import { SignedIn } from './signed-in'

/** "New model": owner, slug, title, card, licence, tags, visibility; then its first variation. */
export default function NewModelPage() {
  useDocumentMeta(() => ({ title: 'New model' }))
  return (
    <div class="page publish-page">
      <h1>New model</h1>
      <SignedIn>{(me) => <Options me={me} />}</SignedIn>
    </div>
  )
}

function Options(props: { me: AccountMe }) {
  const options = useQuery(() => publishingQueries.options())
  return (
    <QueryBoundary query={options}>
      {(o) => <NewModelForm me={props.me} options={o()} />}
    </QueryBoundary>
  )
}

function NewModelForm(props: { me: AccountMe; options: ApiPublishingOptions }) {
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const [owner, setOwner] = createSignal(props.me.username)
  const [slug, setSlug] = createSignal('')
  const [slugEdited, setSlugEdited] = createSignal(false)
  const details = createModelDetails({
    title: '',
    subtitle: '',
    card: '',
    licence: '',
    tags: [],
    isPrivate: true,
  })
  const { title, setTitle, licence, tags } = details
  const form = createFormProblems()

  const save = useMutation(() => ({
    mutationFn: async () => {
      const made = await createModel({
        ownerSlug: owner(),
        slug: slug(),
        title: title().trim(),
        subtitle: details.subtitle().trim(),
        description: details.card(),
        isPrivate: details.isPrivate(),
      })
      if (licence() || tags().length)
        await setLabels(made.ref, { licenseId: licence() || null, tags: tags() })
      return made
    },
    onSuccess: async (made) => {
      await queryClient.invalidateQueries({ queryKey: ['publishing'] })
      navigate(`/publish/${made.ref}/variation`)
    },
    onError: (err) => {
      form.fail(err)
    },
  }))

  const submit = (e: SubmitEvent) => {
    e.preventDefault()
    const problems: Record<string, string> = {}
    if (!title().trim()) problems.title = 'Enter a title.'
    const bad = slugProblem(slug())
    if (bad) problems.slug = bad
    if (!form.check(problems)) return
    save.mutate()
  }

  return (
    <form ref={form.ref} class="account-form publish-form" novalidate onSubmit={submit}>
      <FormError message={form.message()} />
      <div class="field">
        <label for="field-owner">Owner</label>
        <select id="field-owner" value={owner()} onChange={(e) => setOwner(e.currentTarget.value)}>
          <For each={props.options.owners}>
            {(o) => (
              <option value={o.slug}>
                {o.displayName} ({o.slug}){o.isOrganization ? ', organization' : ''}
              </option>
            )}
          </For>
        </select>
      </div>
      <Field
        label="Title"
        name="title"
        maxLength={200}
        value={title()}
        onInput={(e) => {
          setTitle(e.currentTarget.value)
          if (!slugEdited()) setSlug(slugOf(e.currentTarget.value))
        }}
        error={form.fields().title}
      />
      <Field
        label="Slug"
        name="slug"
        maxLength={50}
        value={slug()}
        hint={`The model's address: /models/${owner()}/${slug() || '…'}`}
        onInput={(e) => {
          setSlugEdited(true)
          setSlug(e.currentTarget.value)
        }}
        error={form.fields().slug}
      />
      <ModelDetailsFields
        details={details}
        options={props.options}
        privateTo={props.options.owners.length > 1 ? 'you and your organization' : 'you'}
      />
      <div class="form-actions">
        <button type="submit" class="button button-primary" disabled={save.isPending}>
          Create model
        </button>
        <Show when={save.isPending}>
          <p class="form-status" role="status">
            Creating…
          </p>
        </Show>
      </div>
    </form>
  )
}
