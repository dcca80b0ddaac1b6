import { A, useParams } from '@solidjs/router'
import { useInfiniteQuery, useQuery } from '@tanstack/solid-query'
import { createMemo, Show } from 'solid-js'
import type { ApiModel, ApiModelInstance, ApiModelVersion } from '../../../worker/api-types'
import { isNotFound } from '../api/client'
import { modelQueries, type VariationRef } from '../api/models'
import { CopyButton } from '../components/copy-button'
import { FileList } from '../components/file-list'
import { Markdown } from '../components/markdown'
import { ModelAbout } from '../components/model-about'
import { ModelHeader } from '../components/model-header'
import { QueryBoundary } from '../components/query-boundary'
import { VariationNav, VersionSelect } from '../components/variation-explorer'
import { VersionSource } from '../components/version-source'
import { useDocumentTitle } from '../lib/document-title'
import { searchPath } from '../lib/paths'
import { resolveSelection, type SelectionParams } from '../lib/selection'

type ModelParams = SelectionParams & { owner: string; model: string }

export default function ModelPage() {
  const params = useParams<ModelParams>()
  const detail = useQuery(() => modelQueries.detail(params.owner, params.model))

  useDocumentTitle(() => {
    if (detail.isSuccess) return detail.data?.title
    return isNotFound(detail.error) ? 'Model not found' : `${params.owner}/${params.model}`
  })

  return (
    <div class="page model-page">
      <QueryBoundary
        query={detail}
        loading={<ModelPageSkeleton />}
        error={(err) =>
          isNotFound(err) ? <ModelNotFound owner={params.owner} model={params.model} /> : undefined
        }
      >
        {(model) => <ModelView model={model()} params={params} />}
      </QueryBoundary>
    </div>
  )
}

function ModelView(props: { model: ApiModel; params: ModelParams }) {
  const instances = () => props.model.instances ?? []
  const selection = createMemo(() => resolveSelection(instances(), props.params))

  return (
    <>
      <ModelHeader model={props.model} />
      <div class="model-layout">
        <div class="model-main">
          <section class="panel explorer" aria-labelledby="variations-heading">
            <h2 id="variations-heading">Variations</h2>
            <Show
              when={instances().length > 0}
              fallback={<p class="muted">This model has no variations yet.</p>}
            >
              <Show when={selection().missing}>
                {(missing) => (
                  <div class="notice notice-warning" role="alert">
                    This model has no {missing()}. Pick one of its frameworks below.
                  </div>
                )}
              </Show>
              <VariationNav
                owner={props.model.ownerSlug}
                model={props.model.slug}
                instances={instances()}
                selection={selection()}
              />
              <Show when={selection().instance}>
                {(instance) => (
                  <VariationPanel
                    model={props.model}
                    instance={instance()}
                    version={selection().version}
                  />
                )}
              </Show>
            </Show>
          </section>

          <section class="panel" aria-labelledby="card-heading">
            <h2 id="card-heading">Model card</h2>
            <Show
              when={props.model.description.trim()}
              fallback={
                <p class="model-card-fallback">
                  {props.model.subtitle || 'This model has no card yet.'}
                </p>
              }
            >
              <Markdown source={props.model.description} class="model-card-body" />
            </Show>
          </section>
        </div>
        <ModelAbout model={props.model} />
      </div>
    </>
  )
}

function VariationPanel(props: {
  model: ApiModel
  instance: ApiModelInstance
  version?: number
}) {
  const ref = (): VariationRef => ({
    owner: props.model.ownerSlug,
    model: props.model.slug,
    framework: props.instance.frameworkSlug,
    variation: props.instance.slug,
  })
  const versions = useQuery(() => modelQueries.versions(ref()))
  const overview = () => {
    const text = props.instance.overview.trim()
    return text !== props.model.subtitle.trim() ? text : ''
  }
  const usage = () => {
    const text = props.instance.usage.trim()
    // TF Hub's base variation reuses the model card as its usage; do not show it twice.
    return text !== props.model.description.trim() ? text : ''
  }

  return (
    <div class="variation-panel">
      <div class="variation-heading">
        <h3>{props.instance.slug}</h3>
        <Show when={overview()}>
          <p class="muted">{overview()}</p>
        </Show>
      </div>
      <QueryBoundary query={versions}>
        {(data) => {
          // Versions come newest first; a URL without a version means the latest.
          const selected = () => props.version ?? data().versions[0]?.versionNumber
          const version = () => data().versions.find((v) => v.versionNumber === selected())
          const handle = () => `${props.instance.handle}/${selected() ?? ''}`
          return (
            <>
              <div class="handle">
                <code>{handle()}</code>
                <CopyButton text={handle()} label="Copy handle" />
              </div>
              <VersionSelect
                owner={props.model.ownerSlug}
                model={props.model.slug}
                instance={props.instance}
                versions={data().versions}
                selected={selected()}
              />
              <Show
                when={version()}
                fallback={
                  <div class="notice notice-warning" role="alert">
                    <Show when={selected()} fallback="This variation has no versions yet.">
                      Version {selected()} of this variation does not exist.
                    </Show>
                  </div>
                }
              >
                {(v) => <VersionDetails variation={ref()} version={v()} />}
              </Show>
            </>
          )
        }}
      </QueryBoundary>
      <Show when={usage()}>
        <details class="usage" open={usage().length < 2000}>
          <summary>Usage</summary>
          <Markdown source={usage()} />
        </details>
      </Show>
    </div>
  )
}

function VersionDetails(props: { variation: VariationRef; version: ApiModelVersion }) {
  return (
    <div class="version-details">
      <Show when={props.version.status !== 'ready'}>
        <p class={`status status-${props.version.status}`}>
          {props.version.status === 'pending'
            ? 'This version is still being processed.'
            : 'This version failed to process.'}
        </p>
      </Show>
      <Show when={props.version.notes.trim()}>
        <div class="version-notes">
          <h4>Version notes</h4>
          <Markdown source={props.version.notes} />
        </div>
      </Show>
      <Show when={props.version.fileCount > 0} fallback={<VersionSource version={props.version} />}>
        <VersionFiles variation={props.variation} version={props.version} />
      </Show>
    </div>
  )
}

function VersionFiles(props: { variation: VariationRef; version: ApiModelVersion }) {
  const files = useInfiniteQuery(() =>
    modelQueries.files(props.variation, props.version.versionNumber),
  )
  return (
    <QueryBoundary query={files}>
      {(data) => (
        <FileList
          files={data().pages.flatMap((p) => p.files)}
          totalResults={data().pages[0]?.totalResults ?? props.version.fileCount}
          totalBytes={data().pages[0]?.totalBytes ?? props.version.totalBytes}
          archiveUrl={props.version.archiveUrl}
          archiveSize={props.version.archiveSize}
          hasMore={files.hasNextPage}
          loadingMore={files.isFetchingNextPage}
          onLoadMore={() => files.fetchNextPage()}
        />
      )}
    </QueryBoundary>
  )
}

function ModelNotFound(props: { owner: string; model: string }) {
  return (
    <div class="notice not-found" role="alert">
      <h1>Model not found</h1>
      <p>
        There is no model <code>{`${props.owner}/${props.model}`}</code> on Modelport. It may have
        been renamed or removed.
      </p>
      <p class="inline-links">
        <A class="button" href={searchPath({ q: props.model.replace(/[-_]+/g, ' ') })}>
          Search for “{props.model}”
        </A>
        <A href="/">Browse all models</A>
      </p>
    </div>
  )
}

function ModelPageSkeleton() {
  return (
    <div role="status" aria-label="Loading model">
      <div class="model-header" aria-hidden="true">
        <span class="skeleton skeleton-line short" />
        <span class="skeleton skeleton-heading" />
        <span class="skeleton skeleton-line" />
        <span class="skeleton skeleton-line short" />
      </div>
      <div class="panel" aria-hidden="true">
        <span class="skeleton skeleton-block" />
      </div>
    </div>
  )
}
