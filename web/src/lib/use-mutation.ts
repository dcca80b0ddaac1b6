// solid-query's useMutation (5.104.5, src/useMutation.ts, MIT), line for line, as the app's own
// module. Imported from @tanstack/solid-query, it would keep query-core's MutationObserver in the
// landing's entry chunk, which never mutates (solid-query is one module, in that chunk for
// useQuery): from here, it goes with the pages that do (docs/ssr.md, "Initial JavaScript").
import {
  MutationObserver,
  noop,
  shouldThrowError,
  useQueryClient,
  type DefaultError,
  type UseMutateFunction,
  type UseMutationOptions,
  type UseMutationResult,
} from '@tanstack/solid-query'
import { createComputed, on, onCleanup } from 'solid-js'
import { createStore } from 'solid-js/store'

export function useMutation<
  TData = unknown,
  TError = DefaultError,
  TVariables = void,
  TOnMutateResult = unknown,
>(
  options: UseMutationOptions<TData, TError, TVariables, TOnMutateResult>,
): UseMutationResult<TData, TError, TVariables, TOnMutateResult> {
  const observer = new MutationObserver<TData, TError, TVariables, TOnMutateResult>(
    useQueryClient(),
    options(),
  )

  const mutate: UseMutateFunction<TData, TError, TVariables, TOnMutateResult> = (...args) => {
    observer.mutate(args[0] as TVariables, args[1]).catch(noop)
  }

  const [state, setState] = createStore<
    UseMutationResult<TData, TError, TVariables, TOnMutateResult>
  >({
    ...observer.getCurrentResult(),
    mutate,
    mutateAsync: observer.getCurrentResult().mutate,
  })

  createComputed(() => {
    observer.setOptions(options())
  })

  createComputed(
    on(
      () => state.status,
      () => {
        if (state.isError && shouldThrowError(observer.options.throwOnError, [state.error]))
          throw state.error
      },
    ),
  )

  onCleanup(
    observer.subscribe((result) => setState({ ...result, mutate, mutateAsync: result.mutate })),
  )

  return state
}
