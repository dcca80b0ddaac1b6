import { useSearchParams } from '@solidjs/router'
import { useInfiniteQuery } from '@tanstack/solid-query'
import { createEffect, createMemo, createSignal } from 'solid-js'
import type { ListModelsResponse } from '../../../../worker/api-types'
import { modelQueries } from '../../api/models'
import { sidebarGroups } from '../../lib/facet-groups'
import { plural } from '../../lib/format'
import {
  clearFilters,
  filterKeys,
  listStateToParams,
  parseListState,
  toggleFilter,
  type ListState,
} from '../../lib/list-state'
import { FilterSidebar } from '../filter-sidebar'
import { ActiveFilters } from './active-filters'
import { ListingResults } from './listing-results'
import { ListingToolbar } from './listing-toolbar'
import { useScrollKeeper } from './scroll-keeper'

const listPageSize = 24

/** The list a listing with this state shows: its query (the server render fetches it first). */
export const listingQuery = (state: ListState) =>
  modelQueries.list({
    search: state.q,
    owner: state.owner,
    sortBy: state.sort,
    filters: state.filters,
    pageSize: listPageSize,
    initialPages: state.pages,
  })

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

  const query = useInfiniteQuery(() => listingQuery(state()))

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
        <ListingToolbar
          state={state()}
          total={query.isSuccess ? total() : undefined}
          // there while loading too, so the toolbar does not move when the counts arrive
          showFiltersToggle={query.isPending || groups().length > 0}
          filtersEnabled={groups().length > 0}
          activeFilterCount={activeFilters().length}
          filtersOpen={filtersOpen()}
          onToggleFilters={() => setFiltersOpen(!filtersOpen())}
          onSort={(sort) => update({ ...state(), sort, pages: 1 })}
        />
        <ActiveFilters
          owner={props.owner ? undefined : state().owner}
          filters={activeFilters()}
          onRemoveOwner={() => update({ ...state(), owner: '', pages: 1 })}
          onRemove={(f) => update(toggleFilter(state(), f.key, f.value))}
        />
        <ListingResults
          query={query}
          models={models()}
          wanted={wanted()}
          total={total()}
          pageSize={listPageSize}
          state={state()}
          fixedOwner={!!props.owner}
          emptyText={props.emptyText}
          onClear={() => update({ ...clearFilters(state()), q: '' })}
          onMore={() => update({ ...state(), pages: state().pages + 1 }, true)}
        />
      </div>
    </div>
  )
}
