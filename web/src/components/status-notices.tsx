// What a page shows while it loads and when it failed: the landing's own, in its entry chunk;
// QueryBoundary (query-boundary.tsx), which only other pages use, draws them too.
import { Show } from 'solid-js'

/** A spinner and a word, announced to screen readers. */
export function Loading(props: { label?: string }) {
  return (
    <p class="loading" role="status">
      <span class="spinner" aria-hidden="true" />
      {props.label ?? 'Loading…'}
    </p>
  )
}

export function ErrorState(props: { title?: string; message: string; onRetry?: () => void }) {
  return (
    <div class="notice notice-error" role="alert">
      <p class="notice-title">{props.title ?? 'Something went wrong'}</p>
      <p>{props.message}</p>
      <Show when={props.onRetry}>
        {(retry) => (
          <button type="button" class="button" onClick={() => retry()()}>
            Try again
          </button>
        )}
      </Show>
    </div>
  )
}
