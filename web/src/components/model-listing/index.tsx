import { A, useSearchParams } from '@solidjs/router'
import { useInfiniteQuery } from '@tanstack/solid-query'
import { createEffect, createMemo, createSignal, For, onCleanup, onMount, Show } from 'solid-js'
import type { ListModelsResponse } from '../../../../worker/api-types'
import { modelQueries } from '../../api/models'
import { FilterSidebar } from '../filter-sidebar'
import { ModelList, ModelListSkeleton } from '../model-list'
import { ErrorState } from '../query-boundary'
import { errorMessage } from '../../api/client'
import { sidebarGroups } from '../../lib/facet-groups'
import { formatNumber, plural } from '../../lib/format'
import {
  clearFilters,
  effectiveSort,
  filterKeys,
  hasFilters,
  listStateToParams,
  parseListState,
  sortOptions,
  toggleFilter,
  type ListState,
} from '../../lib/list-state'

const listPageSize = 24

/**
 * A searchable, filterable, sortable list of model cards whose whole state is in the URL: the
 * landing page, and an owner's page with `owner` fixed.
 */
export function ModelListing(props: { owner?: string; emptyText?: string }) {
  const [params, setParams] = useSearchParams()
  const state = createMemo(() => {
    const s = parseListState(params)
    return props.owner ? { ...s, owner: props.owner } : s
  })
  const [filtersOpen, setFiltersOpen] = createSignal(false)

  const query = useInfiniteQuery(() =>
    modelQueries.list({
      search: state().q,
      owner: state().owner,
      sortBy: state().sort,
      filters: state().filters,
      pageSize: listPageSize,
      initialPages: state().pages,
    }),
  )

  const update = (next: ListState, replace = false) => {
    const out = listStateToParams(next)
    // the owner page carries its owner in the path, not the query
    if (props.owner) out.owner = undefined
    setParams(out, { replace, scroll: false })
  }

  // `data` is read only once there is some: reading it earlier suspends the layout's <Suspense>,
  // which would hide the whole page (and its skeleton) until the list arrives.
  const pages = () => (query.isSuccess ? query.data.pages : [])
  const models = () => pages().flatMap((p) => p.models)
  const firstPage = (): ListModelsResponse | undefined => pages()[0]
  const total = () => firstPage()?.totalResults ?? 0
  const wanted = () => state().pages * listPageSize
  // a cached listing may hold more pages than the URL asks for (after "back"); show what it asks
  const shown = () => models().slice(0, wanted())
  const groups = createMemo(() => sidebarGroups(firstPage(), state().filters))

  // The URL says how many pages to show; fetch until that many are loaded.
  createEffect(() => {
    if (query.isSuccess && !query.isFetching && query.hasNextPage && models().length < wanted()) {
      void query.fetchNextPage()
    }
  })

  useScrollKeeper(
    () =>
      query.isSuccess &&
      !query.isPlaceholderData &&
      (models().length >= wanted() || !query.hasNextPage),
  )

  const activeFilters = () =>
    filterKeys.flatMap((key) =>
      state().filters[key].map((value) => ({
        key,
        value,
        label:
          groups()
            .find((g) => g.key === key)
            ?.options.find((o) => o.value === value)?.label ?? value,
      })),
    )

  return (
    <div class="listing">
      <FilterSidebar
        id="model-filters"
        groups={groups()}
        selected={state().filters}
        loading={query.isPending}
        open={filtersOpen()}
        onToggle={(key, value) => update(toggleFilter(state(), key, value))}
        onClear={() => update(clearFilters(state()))}
        onClose={() => {
          setFiltersOpen(false)
          document.getElementById('filters-toggle')?.focus()
        }}
        closeLabel={query.isSuccess ? `Show ${plural(total(), 'model')}` : 'Done'}
      />
      <div class="listing-main">
        <div class="toolbar">
          <p class="result-count" aria-live="polite">
            <Show when={query.isSuccess}>{plural(total(), 'model')}</Show>
          </p>
          {/* there while loading too, so the toolbar does not move when the counts arrive */}
          <Show when={query.isPending || groups().length > 0}>
            <button
              id="filters-toggle"
              type="button"
              class="button filters-toggle"
              aria-expanded={filtersOpen()}
              aria-controls="model-filters"
              disabled={groups().length === 0}
              onClick={() => setFiltersOpen(!filtersOpen())}
            >
              Filters
              <Show when={activeFilters().length > 0}>
                <span class="count-badge">{activeFilters().length}</span>
              </Show>
            </button>
          </Show>
          <label class="sort">
            <span>Sort by</span>
            <select
              value={effectiveSort(state())}
              onChange={(e) =>
                update({
                  ...state(),
                  sort: e.currentTarget.value as ListState['sort'],
                  pages: 1,
                })
              }
            >
              <For each={sortOptions.filter((o) => o.value !== 'relevance' || state().q)}>
                {(o) => (
                  <option value={o.value} selected={o.value === effectiveSort(state())}>
                    {o.label}
                  </option>
                )}
              </For>
            </select>
          </label>
        </div>
        <Show when={activeFilters().length > 0 || (!props.owner && state().owner)}>
          <ul class="active-filters" role="list" aria-label="Active filters">
            <Show when={!props.owner && state().owner}>
              <li class="filter-chip">
                Owner: <strong>{state().owner}</strong>
                <button
                  type="button"
                  aria-label={`Remove owner filter ${state().owner}`}
                  onClick={() => update({ ...state(), owner: '', pages: 1 })}
                >
                  ×
                </button>
              </li>
            </Show>
            <For each={activeFilters()}>
              {(f) => (
                <li class="filter-chip">
                  {f.label}
                  <button
                    type="button"
                    aria-label={`Remove filter ${f.label}`}
                    onClick={() => update(toggleFilter(state(), f.key, f.value))}
                  >
                    ×
                  </button>
                </li>
              )}
            </For>
          </ul>
        </Show>

        <Show
          when={!query.isError}
          fallback={
            <ErrorState message={errorMessage(query.error)} onRetry={() => query.refetch()} />
          }
        >
          <Show when={query.isSuccess} fallback={<ModelListSkeleton count={listPageSize} />}>
            <Show
              when={models().length > 0}
              fallback={
                <EmptyState
                  state={state()}
                  fixedOwner={!!props.owner}
                  text={props.emptyText}
                  onClear={() => update({ ...clearFilters(state()), q: '' })}
                />
              }
            >
              <div
                classList={{ results: true, stale: query.isPlaceholderData }}
                aria-busy={query.isFetching}
              >
                <ModelList models={shown()} />
              </div>
              <div class="load-more">
                <p>
                  Showing {formatNumber(shown().length)} of {formatNumber(total())}
                </p>
                <Show when={shown().length < models().length || query.hasNextPage}>
                  <button
                    type="button"
                    class="button"
                    disabled={query.isFetchingNextPage}
                    onClick={() => update({ ...state(), pages: state().pages + 1 }, true)}
                  >
                    {query.isFetchingNextPage ? 'Loading…' : 'Load more'}
                  </button>
                </Show>
              </div>
            </Show>
          </Show>
        </Show>
      </div>
    </div>
  )
}

function EmptyState(props: {
  state: ListState
  fixedOwner: boolean
  text?: string
  onClear: () => void
}) {
  const narrowed = () =>
    !!props.state.q || hasFilters(props.state) || (!props.fixedOwner && !!props.state.owner)
  return (
    <div class="notice empty-state" role="status">
      <p class="notice-title">No models found</p>
      <Show
        when={narrowed()}
        fallback={<p>{props.text ?? 'There are no models on Modelport yet.'}</p>}
      >
        <p>
          Nothing matches <Show when={props.state.q}>“{props.state.q}”</Show>
          <Show when={hasFilters(props.state)}> with these filters</Show>. Try fewer or different
          words, or remove a filter.
        </p>
        <Show
          when={props.fixedOwner}
          fallback={
            <A class="button" href="/models">
              Clear search
            </A>
          }
        >
          <button type="button" class="button" onClick={() => props.onClear()}>
            Clear search and filters
          </button>
        </Show>
      </Show>
    </div>
  )
}

let reloadHandled = false
const scrollKey = () => `modelport:scroll:${location.pathname}${location.search}`

/**
 * Keeps the reader's place across a reload: the router restores scroll on back/forward, but on a
 * reload it runs before the list has arrived, when the page is still too short to scroll.
 */
function useScrollKeeper(ready: () => boolean) {
  const save = () => {
    try {
      sessionStorage.setItem(scrollKey(), String(window.scrollY))
    } catch {
      // storage may be disabled; losing the position is harmless
    }
  }
  onMount(() => window.addEventListener('pagehide', save))
  onCleanup(() => window.removeEventListener('pagehide', save))
  const [nav] = performance.getEntriesByType?.('navigation') ?? []
  // only the first listing shown after a reload; later ones are in-app navigations
  const pending =
    !reloadHandled && (nav as PerformanceNavigationTiming | undefined)?.type === 'reload'
  reloadHandled = true
  let done = !pending
  createEffect(() => {
    if (done || !ready()) return
    done = true
    const y = Number(sessionStorage.getItem(scrollKey()))
    if (y > 0) requestAnimationFrame(() => window.scrollTo(0, y))
  })
}
