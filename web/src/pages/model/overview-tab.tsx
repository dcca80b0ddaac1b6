import { useQueryClient } from '@tanstack/solid-query'
import { createEffect, Show } from 'solid-js'
import { isServer } from 'solid-js/web'
import type { ApiModelDetail } from '../../../../worker/api-types'
import { useAfterFirstPaint } from '../../boot/after-first-paint'
import { documentNavigation, firstShowing } from '../../boot/first-view'
import { VariationNav } from '../../components/variation-explorer'
import { VariationTable } from '../../components/variation-table'
import type { Selection } from '../../lib/selection'
import { CollapsibleCard } from './collapsible-card'
import type { ModelParams } from './model-params'
import { selectedFilesQuery } from './prefetch'
import { VariationPanel } from './variation-panel'

/** The model tab: the card, then the variation explorer, then the comparison table. */
export function OverviewTab(props: {
  model: ApiModelDetail
  params: ModelParams
  selection: Selection
}) {
  const instances = () => props.model.instances ?? []
  usePrefetchFiles(props)
  // The card paints first; the explorer and the comparison (below it) render a moment later, so
  // their work does not delay the first paint of the page's main content.
  const painted = useAfterFirstPaint()
  // A deep link to a variation opened directly: show the explorer, not the top of the card.
  let explorer: HTMLElement | undefined
  const deepLink =
    !isServer &&
    firstShowing('model-overview') &&
    !!props.params.framework &&
    documentPath() === window.location.pathname
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

const documentPath = () => {
  const nav = documentNavigation()
  return nav ? new URL(nav.name).pathname : undefined
}

/** A variation with bytes has stored files: ask for them with its versions, not after them. */
function usePrefetchFiles(props: { model: ApiModelDetail; selection: Selection }) {
  const queryClient = useQueryClient()
  createEffect(() => {
    const files = selectedFilesQuery(props.model, props.selection)
    if (files) void queryClient.prefetchInfiniteQuery(files)
  })
}
