import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/solid-query'
import { Show } from 'solid-js'
import type { ApiModel, ListModelsResponse } from '../../../../worker/api-types'
import { errorMessage } from '../../api/client'
import type { ListState } from '../../lib/list-state'
import { formatNumber } from '../../lib/format'
import { ModelList, ModelListSkeleton } from '../model-list'
import { ErrorState } from '../status-notices'
import { EmptyState } from './empty-state'

/** The cards, or the error, the skeleton or the empty state; and "Load more" below them. */
export function ListingResults(props: {
  query: UseInfiniteQueryResult<InfiniteData<ListModelsResponse>>
  /** every model loaded so far */
  models: ApiModel[]
  /** how many the URL asks to show */
  wanted: number
  total: number
  pageSize: number
  state: ListState
  fixedOwner: boolean
  emptyText?: string
  onClear: () => void
  onMore: () => void
}) {
  // a cached listing may hold more pages than the URL asks for (after "back"); show what it asks
  const shown = () => props.models.slice(0, props.wanted)
  return (
    <Show
      when={!props.query.isError}
      fallback={
        <ErrorState
          message={errorMessage(props.query.error)}
          onRetry={() => props.query.refetch()}
        />
      }
    >
      <Show when={props.query.isSuccess} fallback={<ModelListSkeleton count={props.pageSize} />}>
        <Show
          when={props.models.length > 0}
          fallback={
            <EmptyState
              state={props.state}
              fixedOwner={props.fixedOwner}
              text={props.emptyText}
              onClear={props.onClear}
            />
          }
        >
          <div
            classList={{ results: true, stale: props.query.isPlaceholderData }}
            aria-busy={props.query.isFetching}
          >
            <ModelList models={shown()} />
          </div>
          <div class="load-more">
            <p>
              Showing {formatNumber(shown().length)} of {formatNumber(props.total)}
            </p>
            <Show when={shown().length < props.models.length || props.query.hasNextPage}>
              <button
                type="button"
                class="button"
                disabled={props.query.isFetchingNextPage}
                onClick={() => props.onMore()}
              >
                {props.query.isFetchingNextPage ? 'Loading…' : 'Load more'}
              </button>
            </Show>
          </div>
        </Show>
      </Show>
    </Show>
  )
}
