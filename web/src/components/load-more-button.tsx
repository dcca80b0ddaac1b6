import { Show } from 'solid-js'

/** "Load more" under a paged list: asks for the next page, says "Loading…" while it comes. */
export function LoadMoreButton(props: {
  query: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown }
  label: string
}) {
  return (
    <Show when={props.query.hasNextPage}>
      <button
        type="button"
        class="button load-more"
        disabled={props.query.isFetchingNextPage}
        onClick={() => void props.query.fetchNextPage()}
      >
        {props.query.isFetchingNextPage ? 'Loading…' : props.label}
      </button>
    </Show>
  )
}
