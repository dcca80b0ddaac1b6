// The server build's entry (`vite build --ssr`, dist/ssr/entry-server.js): the Worker draws the
// same app the browser hydrates (docs/ssr.md). Each request gets its own QueryClient, whose
// queries the Worker answers in-process.
import type { Query } from '@tanstack/solid-query'
import { generateHydrationScript, renderToStringAsync } from 'solid-js/web'
import type { RenderPage } from '../../worker/pages/ssr-contract'
import { serverFetch } from './api/client'
import { App, createQueryClient } from './app'
import { preloadPage } from './routes'
import { prefetchPageData } from './server-prefetch'

declare const __MODELPORT_SERVER_BUILD__: string

/** This build's id (vite.config.ts), for the Worker's page cache key. */
export const buildId = __MODELPORT_SERVER_BUILD__

/** A page needs its model, then its variation's versions, then their files: a few rounds. */
const maxPasses = 6

/** A query the page asked for and has no answer to yet (a query the page disabled is left). */
function waiting(query: Query) {
  const enabled = (query.options as { enabled?: boolean | ((q: Query) => boolean) }).enabled
  const on = typeof enabled === 'function' ? enabled(query) : enabled !== false
  return on && query.state.status === 'pending'
}

/**
 * Draws the app for `url` until a pass draws only what it has: a pass draws a query still loading
 * as its loading state (QueryBoundary does not wait, although the async render waits for its
 * data), so each pass that starts a fetch (the model, then its variation's versions, then their
 * files) is followed by another, until one starts none and its markup is final. What the URL names
 * is fetched before the first pass (server-prefetch.ts), so most pages take one pass, and the
 * page's lazy module is loaded by then, so no pass draws it missing. Throws when the page shows
 * an error state: the browser could not hydrate one (errors are not carried over), so the Worker
 * serves the plain shell instead.
 */
export const renderPage: RenderPage = async ({ url, origin, fetch, nonce }) => {
  const queryClient = createQueryClient()
  // the browser retries; a server render answers with what it has, or falls back. Nor is a
  // failed query fetched again when the next pass mounts it (retryOnMount): the page would never
  // settle (a filter the API refuses, `/?framework=*`, took every pass)
  queryClient.setDefaultOptions({
    queries: { ...queryClient.getDefaultOptions().queries, retry: false, retryOnMount: false },
  })
  serverFetch(queryClient, fetch)
  const cache = queryClient.getQueryCache()
  let fetched = false
  // a query added but disabled (the usage chart waits for idle time) fetches nothing
  const unsubscribe = cache.subscribe((event) => {
    if (event.type === 'updated' && event.action.type === 'fetch') fetched = true
  })
  try {
    const pageUrl = new URL(url, origin)
    await Promise.all([preloadPage(pageUrl.pathname), prefetchPageData(queryClient, pageUrl)])
    for (let pass = 1; pass <= maxPasses; pass++) {
      fetched = false
      // async: solid-query reads its data through resources, which only an async render resolves;
      // each resolved resource (a query's result and state) is written as a script beside the
      // markup, from which the browser's resources and its query cache start (index.tsx)
      const html = await renderToStringAsync(
        () => <App queryClient={queryClient} url={url} origin={origin} />,
        { nonce, timeoutMs: 2000 },
      )
      const pending = cache.getAll().filter(waiting)
      if (!fetched && pending.length === 0) {
        const failed = cache.getAll().find((q) => q.state.status === 'error')
        if (failed)
          throw new Error(`query ${failed.queryHash} failed: ${String(failed.state.error)}`)
        // (its type omits the options it reads: solid-js 1.9.19, web/dist/server.js)
        const head = (generateHydrationScript as (o: { nonce: string }) => string)({ nonce })
        return { html, head, passes: pass }
      }
      await Promise.all(pending.map((q) => q.fetch().catch(() => undefined)))
    }
  } finally {
    unsubscribe()
  }
  throw new Error(`the page did not settle in ${maxPasses} passes`)
}
