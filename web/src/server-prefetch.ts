// The data a server-rendered page draws first, fetched before the render's first pass
// (entry-server.tsx), so that pass draws the page whole instead of its loading states: who is
// signed in (every page's header), and what the URL names. Only the server build imports it.
import type { QueryClient } from '@tanstack/solid-query'
import { ownerQueries } from './api/owners'
import { sessionQueries } from './api/session'
import { listingQuery } from './components/model-listing'
import { parseListState, searchToParams } from './lib/list-state'
import { prefetchModelPage } from './pages/model/prefetch'
import { modelPagePath, ownerPagePath } from '../../worker/lib/page-paths'

/** Never rejects: what fails here is asked for again by the render, which handles it. */
export async function prefetchPageData(queryClient: QueryClient, url: URL) {
  const page = pageData(queryClient, url)
  await Promise.all([queryClient.prefetchQuery(sessionQueries.me()), page?.catch(() => undefined)])
}

function pageData(queryClient: QueryClient, { pathname, searchParams }: URL) {
  const state = () => parseListState(searchToParams(searchParams))
  if (pathname === '/' || pathname === '/models')
    return queryClient.prefetchInfiniteQuery(listingQuery(state()))
  const model = modelPagePath.exec(pathname)
  if (model) {
    const [owner, slug, framework, variation, version] = model.slice(1).map(decode)
    return prefetchModelPage(queryClient, {
      owner: owner!,
      model: slug!,
      framework,
      variation,
      version,
    })
  }
  const owner = ownerPagePath.exec(pathname)
  if (owner) {
    const slug = decode(owner[1])!
    return Promise.all([
      queryClient.prefetchQuery(ownerQueries.detail(slug)),
      queryClient.prefetchInfiniteQuery(listingQuery({ ...state(), owner: slug })),
    ])
  }
  return undefined
}

/** A path segment as the router gives it to the page: decoded. */
const decode = (segment: string | undefined) => {
  if (segment === undefined) return undefined
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}
