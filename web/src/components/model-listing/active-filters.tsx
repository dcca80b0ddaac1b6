import { For, Show } from 'solid-js'
import type { FilterKey } from '../../lib/list-state'

type ActiveFilter = { key: FilterKey; value: string; label: string }

/** The chosen filters as chips, each with a button that removes it. */
export function ActiveFilters(props: {
  /** an owner filter typed into the URL (not the owner page's own) */
  owner?: string
  filters: ActiveFilter[]
  onRemoveOwner: () => void
  onRemove: (filter: ActiveFilter) => void
}) {
  return (
    <Show when={props.filters.length > 0 || props.owner}>
      <ul class="active-filters" role="list" aria-label="Active filters">
        <Show when={props.owner}>
          <li class="filter-chip">
            Owner: <strong>{props.owner}</strong>
            <button
              type="button"
              aria-label={`Remove owner filter ${props.owner}`}
              onClick={() => props.onRemoveOwner()}
            >
              ×
            </button>
          </li>
        </Show>
        <For each={props.filters}>
          {(f) => (
            <li class="filter-chip">
              {f.label}
              <button
                type="button"
                aria-label={`Remove filter ${f.label}`}
                onClick={() => props.onRemove(f)}
              >
                ×
              </button>
            </li>
          )}
        </For>
      </ul>
    </Show>
  )
}
