import { useParams } from '@solidjs/router'
import { useQuery } from '@tanstack/solid-query'
import { For, Show } from 'solid-js'
import { modelQueries } from '../../api/models'
import { createVariation, publishingQueries } from '../../api/publishing'
import { Field } from '../../components/form-field'
import { MarkdownEditor } from '../../components/markdown-editor'
import { QueryBoundary } from '../../components/query-boundary'
import { Uploader } from '../../components/upload/uploader'
import { useDocumentMeta } from '../../lib/document-title'
import { modelPath } from '../../lib/paths'
import { draftField } from '../../lib/upload/saved-uploads'
import { createUploadQueue } from '../../lib/upload/upload-queue'
import { slugProblem } from '../../lib/upload/slugs'
import { PublishButton } from './publish-button'
import { SignedIn } from './signed-in'

/** A new variation of a model (framework, slug, overview) with its version 1 and its files. */
export default function NewVariationPage() {
  const params = useParams()
  const model = () => `${params.owner}/${params.model}`
  useDocumentMeta(() => ({ title: `New variation of ${model()}` }))
  return (
    <div class="page publish-page">
      <h1>New variation</h1>
      <p class="muted">
        of <a href={modelPath({ owner: params.owner!, model: params.model! })}>{model()}</a>, with
        its version 1
      </p>
      <SignedIn>{() => <VariationForm model={model()} />}</SignedIn>
    </div>
  )
}

function VariationForm(props: { model: string }) {
  const options = useQuery(() => publishingQueries.options())
  const draft = `${props.model}/new-variation`
  const queue = createUploadQueue(draft)
  const [framework, setFramework] = draftField(draft, 'framework', 'pyTorch')
  const [slug, setSlug] = draftField(draft, 'slug', 'default')
  const [overview, setOverview] = draftField(draft, 'overview', '')
  const [usage, setUsage] = draftField(draft, 'usage', '')
  const [fineTunable, setFineTunable] = draftField(draft, 'fineTunable', '')
  const [base, setBase] = draftField(draft, 'base', '')
  const [owner, name] = props.model.split('/') as [string, string]
  const siblings = useQuery(() => modelQueries.detail(owner, name))
  return (
    <div class="account-form publish-form">
      <QueryBoundary query={options}>
        {(o) => (
          <div class="field">
            <label for="field-framework">Framework</label>
            <select
              id="field-framework"
              value={framework()}
              onChange={(e) => setFramework(e.currentTarget.value)}
            >
              <For each={o().frameworks}>{(f) => <option value={f.slug}>{f.label}</option>}</For>
            </select>
          </div>
        )}
      </QueryBoundary>
      <Field
        label="Variation slug"
        name="variation"
        maxLength={50}
        value={slug()}
        hint="Lower-case letters and digits, with -, _ or . inside: default, small, 2b-instruct"
        onInput={(e) => setSlug(e.currentTarget.value)}
        error={slugProblem(slug())}
      />
      <Field
        label="Overview"
        name="overview"
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
            checked={fineTunable() === 'yes'}
            onChange={(e) => setFineTunable(e.currentTarget.checked ? 'yes' : '')}
          />{' '}
          Fine-tunable: the files include what training further needs
        </label>
      </div>
      <QueryBoundary query={siblings}>
        {(m) => (
          <Show when={m().instances?.length}>
            <div class="field">
              <label for="field-base">Derived from</label>
              <select
                id="field-base"
                value={base()}
                onChange={(e) => setBase(e.currentTarget.value)}
              >
                <option value="">Nothing: a base model</option>
                <For each={m().instances}>
                  {(v) => (
                    <option value={`${props.model}/${v.frameworkSlug}/${v.slug}`}>
                      {v.frameworkSlug}/{v.slug}
                    </option>
                  )}
                </For>
              </select>
              <p class="field-hint">
                A fine-tuned or quantized variant names the variation it was made from.
              </p>
            </div>
          </Show>
        )}
      </QueryBoundary>
      <h2>Files of version 1</h2>
      <Uploader queue={queue} draft={draft} />
      <PublishButton
        label="Publish version 1"
        queue={queue}
        draft={draft}
        check={() => slugProblem(slug())}
        create={(tree) =>
          createVariation(props.model, {
            instanceSlug: slug(),
            framework: framework(),
            overview: overview(),
            usage: usage(),
            fineTunable: fineTunable() === 'yes',
            baseModelInstance: base(),
            ...tree,
          })
        }
        to={() =>
          modelPath({ owner, model: name, framework: framework(), variation: slug(), version: 1 })
        }
      />
    </div>
  )
}
