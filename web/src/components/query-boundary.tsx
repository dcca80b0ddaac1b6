import { Match, Show, Switch, type Accessor, type JSX } from 'solid-js'
import { errorMessage } from '../api/client'

interface QueryLike<T> {
  isPending: boolean
  isError: boolean
  isSuccess: boolean
  error: unknown
  data: T | undefined
  refetch: () => unknown
}

/**
 * Renders a query's loading, error and data states. `data` is only read once the query has
 * succeeded, because reading it earlier would suspend the nearest <Suspense>.
 */
export function QueryBoundary<T>(props: {
  query: QueryLike<T>
  loading?: JSX.Element
  error?: (err: unknown) => JSX.Element | undefined
  children: (data: Accessor<T>) => JSX.Element
}) {
  return (
    <Switch>
      <Match when={props.query.isError}>
        {props.error?.(props.query.error) ?? (
          <ErrorState
            message={errorMessage(props.query.error)}
            onRetry={() => props.query.refetch()}
          />
        )}
      </Match>
      <Match when={props.query.isPending}>{props.loading ?? <Loading />}</Match>
      <Match when={props.query.isSuccess && props.query.data}>
        {(data) => props.children(data)}
      </Match>
    </Switch>
  )
}

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
