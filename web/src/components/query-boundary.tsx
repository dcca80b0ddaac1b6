import { Match, Switch, type Accessor, type JSX } from 'solid-js'
import { errorMessage } from '../api/client'
import { ErrorState, Loading } from './status-notices'

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
