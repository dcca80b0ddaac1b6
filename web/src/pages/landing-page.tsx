import { A, useSearchParams } from '@solidjs/router'
import { useInfiniteQuery } from '@tanstack/solid-query'
import { For, Show } from 'solid-js'
import { defaultSort, isSortBy, modelQueries, sortOptions } from '../api/models'
import { ModelList, ModelListSkeleton } from '../components/model-list'
import { QueryBoundary } from '../components/query-boundary'
import { useDocumentTitle } from '../lib/document-title'
import { formatNumber, plural } from '../lib/format'
import { searchPath } from '../lib/paths'
import { firstParam } from '../lib/search-params'

const pageSize = 24

export default function LandingPage() {
  const [params, setParams] = useSearchParams()
  const search = () => firstParam(params.q).trim()
  const owner = () => firstParam(params.owner)
  const sort = () => {
    const value = firstParam(params.sort)
    return isSortBy(value) ? value : defaultSort
  }

  const query = useInfiniteQuery(() =>
    modelQueries.list({ search: search(), owner: owner(), sortBy: sort(), pageSize }),
  )

  useDocumentTitle(() => (search() ? `Search: ${search()}` : undefined))

  return (
    <div class="page landing">
      <div class="landing-head">
        <h1>
          <Show when={search()} fallback="Models">
            Models matching “{search()}”
          </Show>
        </h1>
        <p class="landing-lead">
          Pre-trained models from TF Hub and the community: read the card, pick a framework and
          variation, download the files.
        </p>
      </div>

      <div class="toolbar">
        <p class="result-count" aria-live="polite">
          <Show when={query.isSuccess && query.data}>
            {(data) => plural(data().pages[0]?.totalResults ?? 0, 'model')}
          </Show>
        </p>
        <Show when={owner()}>
          <span class="filter-chip">
            Owner: <strong>{owner()}</strong>
            <A
              href={searchPath({ q: search(), sort: firstParam(params.sort) })}
              aria-label={`Remove owner filter ${owner()}`}
              title="Remove owner filter"
            >
              ×
            </A>
          </span>
        </Show>
        <label class="sort">
          <span>Sort by</span>
          <select
            value={sort()}
            onChange={(e) => {
              const value = e.currentTarget.value
              setParams({ sort: value === defaultSort ? undefined : value }, { scroll: false })
            }}
          >
            <For each={sortOptions}>
              {(o) => (
                <option value={o.value} selected={o.value === sort()}>
                  {o.label}
                </option>
              )}
            </For>
          </select>
        </label>
      </div>

      <QueryBoundary query={query} loading={<ModelListSkeleton />}>
        {(data) => {
          const models = () => data().pages.flatMap((p) => p.models)
          const total = () => data().pages[0]?.totalResults ?? 0
          return (
            <Show
              when={models().length > 0}
              fallback={
                <div class="notice empty-state">
                  <p class="notice-title">No models found</p>
                  <Show
                    when={search() || owner()}
                    fallback={<p>There are no models on Modelport yet.</p>}
                  >
                    <p>
                      Nothing matches <Show when={search()}>“{search()}”</Show>
                      <Show when={owner()}> by {owner()}</Show>. Try fewer or different words.
                    </p>
                    <A class="button" href="/">
                      Clear search
                    </A>
                  </Show>
                </div>
              }
            >
              <div
                classList={{ results: true, stale: query.isPlaceholderData }}
                aria-busy={query.isFetching}
              >
                <ModelList models={models()} />
              </div>
              <div class="load-more">
                <p>
                  Showing {formatNumber(models().length)} of {formatNumber(total())}
                </p>
                <Show when={query.hasNextPage}>
                  <button
                    type="button"
                    class="button"
                    disabled={query.isFetchingNextPage}
                    onClick={() => query.fetchNextPage()}
                  >
                    {query.isFetchingNextPage ? 'Loading…' : 'Load more'}
                  </button>
                </Show>
              </div>
            </Show>
          )
        }}
      </QueryBoundary>
    </div>
  )
}
