import { For, Show } from 'solid-js'
import { plural } from '../../lib/format'
import { effectiveSort, sortOptions, type ListState } from '../../lib/list-state'

/** Above the results: how many there are, the phone's Filters button, and the sort. */
export function ListingToolbar(props: {
  state: ListState
  /** undefined until the first page has arrived */
  total?: number
  showFiltersToggle: boolean
  filtersEnabled: boolean
  activeFilterCount: number
  filtersOpen: boolean
  onToggleFilters: () => void
  onSort: (sort: ListState['sort']) => void
}) {
  return (
    <div class="toolbar">
      <p class="result-count" aria-live="polite">
        <Show when={props.total !== undefined}>{plural(props.total ?? 0, 'model')}</Show>
      </p>
      <Show when={props.showFiltersToggle}>
        <button
          id="filters-toggle"
          type="button"
          class="button filters-toggle"
          aria-expanded={props.filtersOpen}
          aria-controls="model-filters"
          disabled={!props.filtersEnabled}
          onClick={() => props.onToggleFilters()}
        >
          Filters
          <Show when={props.activeFilterCount > 0}>
            <span class="count-badge">{props.activeFilterCount}</span>
          </Show>
        </button>
      </Show>
      <label class="sort">
        <span>Sort by</span>
        <select
          value={effectiveSort(props.state)}
          onChange={(e) => props.onSort(e.currentTarget.value as ListState['sort'])}
        >
          <For each={sortOptions.filter((o) => o.value !== 'relevance' || props.state.q)}>
            {(o) => (
              <option value={o.value} selected={o.value === effectiveSort(props.state)}>
                {o.label}
              </option>
            )}
          </For>
        </select>
      </label>
    </div>
  )
}
