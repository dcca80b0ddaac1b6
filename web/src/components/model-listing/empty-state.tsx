import { Show } from 'solid-js'
import { hasFilters, type ListState } from '../../lib/list-state'

/** No models: either none at all (`text`), or none matching the search and filters. */
export function EmptyState(props: {
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
            <a class="button" href="/models">
              Clear search
            </a>
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
