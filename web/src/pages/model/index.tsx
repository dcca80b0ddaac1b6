import { A, useLocation, useParams, useSearchParams } from '@solidjs/router'
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/solid-query'
import { createEffect, createMemo, createSignal, Match, Show, Switch } from 'solid-js'
import type {
  ApiModelDetail,
  ApiModelFile,
  ApiModelInstance,
  ApiModelVersion,
} from '../../../../worker/api-types'
import { errorMessage, isNotFound } from '../../api/client'
import { modelQueries, type VariationRef } from '../../api/models'
import { modelActivityQueries } from '../../api/stats'
import { CopyButton } from '../../components/copy-button'
import { DiscussionList, NotebookList } from '../../components/discussion-list'
import { FileTree } from '../../components/file-tree'
import { Markdown } from '../../components/markdown'
import { ModelAbout } from '../../components/model-about'
import { ModelHeader } from '../../components/model-header'
import { QueryBoundary } from '../../components/query-boundary'
import { StarterCode } from '../../components/starter-code'
import { UsagePanel } from '../../components/usage-panel'
import { VariationNav, VersionSelect } from '../../components/variation-explorer'
import { VariationTable } from '../../components/variation-table'
import { VersionSource } from '../../components/version-source'
import { useAfterFirstPaint } from '../../lib/after-first-paint'
import { useDocumentMeta } from '../../lib/document-title'
import { formatNumber } from '../../lib/format'
import { searchPath } from '../../lib/paths'
import { resolveSelection, type SelectionParams } from '../../lib/selection'

type Tab = 'overview' | 'notebooks' | 'discussion'

type ModelParams = SelectionParams & { owner: string; model: string }

export default function ModelPage() {
  const params = useParams<ModelParams>()
  const detail = useQuery(() => modelQueries.detail(params.owner, params.model))

  useDocumentMeta(() => {
    const model = detail.isSuccess ? detail.data : undefined
    if (!model) {
      return {
        title: isNotFound(detail.error) ? 'Model not found' : `${params.owner}/${params.model}`,
      }
    }
    return {
      title: `${model.title} by ${model.author || model.ownerSlug}`,
      description: describe(model),
    }
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

function ModelView(props: { model: ApiModelDetail; params: ModelParams }) {
  const [search] = useSearchParams()
  const location = useLocation()
  const instances = () => props.model.instances ?? []
  const selection = createMemo(() => resolveSelection(instances(), props.params))
  const tab = (): Tab =>
    search.tab === 'notebooks' || search.tab === 'discussion' ? search.tab : 'overview'
  const tabHref = (t: Tab) =>
    t === 'overview' ? location.pathname : `${location.pathname}?tab=${t}`
  const notebooks = () => props.model.notebooks ?? []
  const painted = useAfterFirstPaint()

  return (
    <>
      <ModelHeader model={props.model} />
      {/* plain links: the router's <A> would mark all three current, as they differ only in ?tab */}
      <nav class="page-tabs" aria-label="Model sections">
        <ul role="list">
          <li>
            <a
              href={tabHref('overview')}
              noScroll
              aria-current={tab() === 'overview' ? 'page' : undefined}
            >
              Model
            </a>
          </li>
          <li>
            <a
              href={tabHref('notebooks')}
              noScroll
              aria-current={tab() === 'notebooks' ? 'page' : undefined}
            >
              Notebooks <span class="count">{formatNumber(notebooks().length)}</span>
            </a>
          </li>
          <li>
            <a
              href={tabHref('discussion')}
              noScroll
              aria-current={tab() === 'discussion' ? 'page' : undefined}
            >
              Discussion <span class="count">{formatNumber(props.model.discussionCount)}</span>
            </a>
          </li>
        </ul>
      </nav>
      <div class="model-layout">
        <div class="model-main">
          <Switch>
            <Match when={tab() === 'notebooks'}>
              <section class="panel" aria-labelledby="notebooks-heading">
                <h2 id="notebooks-heading">Notebooks</h2>
                <NotebookList notebooks={notebooks()} />
              </section>
            </Match>
            <Match when={tab() === 'discussion'}>
              <DiscussionTab owner={props.model.ownerSlug} model={props.model.slug} />
            </Match>
            <Match when={tab() === 'overview'}>
              <Overview model={props.model} params={props.params} selection={selection()} />
            </Match>
          </Switch>
        </div>
        {/* beside the card, drawn once the card's frame is shown (its column is already sized) */}
        <div class="model-side">
          <Show when={painted()}>
            <ModelAbout model={props.model} />
            <UsagePanel owner={props.model.ownerSlug} model={props.model.slug} />
          </Show>
        </div>
      </div>
    </>
  )
}

/** True until a model page has been shown: the first one may be the URL the browser opened. */
let openedDirectly = true
const documentPath = () => {
  const [nav] = performance.getEntriesByType?.('navigation') ?? []
  return nav ? new URL(nav.name).pathname : undefined
}

function Overview(props: {
  model: ApiModelDetail
  params: ModelParams
  selection: ReturnType<typeof resolveSelection>
}) {
  const instances = () => props.model.instances ?? []
  const queryClient = useQueryClient()
  // A variation with bytes has stored files: ask for them with its versions, not after them.
  createEffect(() => {
    const instance = props.selection.instance
    if (!instance || instance.totalUncompressedBytes === 0) return
    const ref = {
      owner: props.model.ownerSlug,
      model: props.model.slug,
      framework: instance.frameworkSlug,
      variation: instance.slug,
    }
    void queryClient.prefetchInfiniteQuery(
      modelQueries.files(ref, props.selection.version ?? instance.versionNumber),
    )
  })
  // The card paints first; the explorer and the comparison (below it) render a moment later, so
  // their work does not delay the first paint of the page's main content.
  const painted = useAfterFirstPaint()
  // A deep link to a variation opened directly: show the explorer, not the top of the card.
  let explorer: HTMLElement | undefined
  const deepLink =
    openedDirectly && !!props.params.framework && documentPath() === window.location.pathname
  openedDirectly = false
  createEffect(() => {
    if (deepLink && painted()) explorer?.scrollIntoView?.()
  })
  return (
    <>
      {/* The card comes first: it is what the page is about, and it is ready with the model,
          so nothing above the fold moves when the variations arrive. */}
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
          <CollapsibleCard source={props.model.description} />
        </Show>
      </section>

      <section ref={explorer} class="panel explorer" aria-labelledby="variations-heading">
        <h2 id="variations-heading">Variations</h2>
        <Show when={painted()}>
          <Show
            when={instances().length > 0}
            fallback={<p class="muted">This model has no variations yet.</p>}
          >
            <Show when={props.selection.missing}>
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
              selection={props.selection}
            />
            <Show when={props.selection.instance}>
              {(instance) => (
                <VariationPanel
                  model={props.model}
                  instance={instance()}
                  version={props.selection.version}
                />
              )}
            </Show>
          </Show>
        </Show>
      </section>

      <Show when={painted() && instances().length > 1}>
        <section class="panel" aria-labelledby="compare-heading">
          <h2 id="compare-heading">Compare variations</h2>
          <VariationTable model={props.model} selectedId={props.selection.instance?.id} />
        </section>
      </Show>
    </>
  )
}

/**
 * A long card starts folded to a fixed height (CSS, so nothing moves), with a button to unfold
 * it; the variations and files below stay a short scroll away.
 */
function CollapsibleCard(props: { source: string }) {
  // Judged from the source rather than measured: measuring the rendered card would force a
  // layout before the first paint.
  const long = () => props.source.length > 2400 || props.source.split('\n').length > 45
  // a link to a section of the card opens it whole
  const [open, setOpen] = createSignal(window.location.hash.length > 1)
  return (
    <>
      <div id="model-card-body" classList={{ 'card-fold': true, folded: long() && !open() }}>
        <Markdown source={props.source} class="model-card-body" />
      </div>
      <Show when={long()}>
        <button
          type="button"
          class="button card-toggle"
          aria-expanded={open()}
          aria-controls="model-card-body"
          onClick={() => setOpen(!open())}
        >
          {open() ? 'Show less of the card' : 'Show the whole card'}
        </button>
      </Show>
    </>
  )
}

function DiscussionTab(props: { owner: string; model: string }) {
  const topics = useQuery(() => modelActivityQueries.discussions(props.owner, props.model))
  return (
    <section class="panel" aria-labelledby="discussion-heading">
      <h2 id="discussion-heading">Discussion</h2>
      <QueryBoundary query={topics}>
        {(data) => <DiscussionList topics={data().topics} total={data().totalResults} />}
      </QueryBoundary>
    </section>
  )
}

function VariationPanel(props: {
  model: ApiModelDetail
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
                {(v) => (
                  <VersionDetails variation={ref()} version={v()} handle={props.instance.handle} />
                )}
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

function VersionDetails(props: {
  variation: VariationRef
  version: ApiModelVersion
  handle: string
}) {
  const queryClient = useQueryClient()
  // Listing a TF Hub version's files makes Modelport fetch them from upstream once (pull-through);
  // then the version's row has files, so the versions are read again.
  const pull = useMutation(() => ({
    mutationFn: () =>
      queryClient.fetchInfiniteQuery(
        modelQueries.files(props.variation, props.version.versionNumber),
      ),
    // the model (variation sizes), its versions and files: everything under its detail key
    onSuccess: () =>
      queryClient.invalidateQueries({
        queryKey: modelQueries.detail(props.variation.owner, props.variation.model).queryKey,
      }),
  }))
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
      <Show
        when={props.version.fileCount > 0}
        fallback={
          <>
            <Starter
              handle={props.handle}
              variation={props.variation}
              version={props.version}
              files={[]}
            />
            <VersionSource
              version={props.version}
              fetching={pull.isPending}
              error={pull.isError ? errorMessage(pull.error) : undefined}
              onFetch={props.version.source ? () => pull.mutate() : undefined}
            />
          </>
        }
      >
        <VersionFiles variation={props.variation} version={props.version} handle={props.handle} />
      </Show>
    </div>
  )
}

function Starter(props: {
  handle: string
  variation: VariationRef
  version: ApiModelVersion
  files: ApiModelFile[]
}) {
  return (
    <StarterCode
      input={{
        origin: window.location.origin,
        handle: props.handle,
        framework: props.variation.framework,
        version: props.version.versionNumber,
        files: props.files,
        source: props.version.source,
      }}
    />
  )
}

function VersionFiles(props: {
  variation: VariationRef
  version: ApiModelVersion
  handle: string
}) {
  const files = useInfiniteQuery(() =>
    modelQueries.files(props.variation, props.version.versionNumber),
  )
  const all = () => (files.isSuccess ? files.data.pages.flatMap((p) => p.files) : [])
  return (
    <QueryBoundary query={files}>
      {(data) => (
        <>
          <Starter
            handle={props.handle}
            variation={props.variation}
            version={props.version}
            files={all()}
          />
          <h4 class="files-heading">Files</h4>
          <FileTree
            files={all()}
            totalResults={data().pages[0]?.totalResults ?? props.version.fileCount}
            totalBytes={data().pages[0]?.totalBytes ?? props.version.totalBytes}
            archiveUrl={props.version.archiveUrl}
            archiveSize={props.version.archiveSize}
            hasMore={files.hasNextPage}
            loadingMore={files.isFetchingNextPage}
            onLoadMore={() => files.fetchNextPage()}
          />
        </>
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

/** The page's meta description: the subtitle, or the card's first words. */
function describe(model: ApiModelDetail) {
  const text =
    model.subtitle ||
    model.description
      .replace(/```[\s\S]*?```/g, ' ')
      .replace(/[#*_`>|[\]()!-]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
  return text.length > 160 ? `${text.slice(0, 157).trimEnd()}…` : text
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
