import { createMemoryHistory, MemoryRouter, Route, type RouteDefinition } from '@solidjs/router'
import { cleanup, configure, render } from '@solidjs/testing-library'
import { QueryClient, QueryClientProvider } from '@tanstack/solid-query'
import type { JSX } from 'solid-js'
import { afterEach, beforeAll, vi } from 'vitest'
import { followSessionEnd } from '../../web/src/api/session'
import { Layout } from '../../web/src/layout'
import { createRoutes } from '../../web/src/routes'

// findBy* waits 1 s by default; a loaded CI machine needs more for a page's first render.
configure({ asyncUtilTimeout: 3000 })

// jsdom has no scrolling; the router scrolls to the top on navigation.
window.scrollTo = () => {}

// The first import of a lazy page transforms it; doing that here keeps it out of findBy* timeouts.
beforeAll(async () => {
  await Promise.all([
    import('../../web/src/pages/landing-page'),
    import('../../web/src/pages/model'),
    import('../../web/src/pages/not-found-page'),
  ])
})

// vitest runs without globals here, so testing-library cannot register its own cleanup.
afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

function setup(location: string) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  followSessionEnd(queryClient)
  const history = createMemoryHistory()
  history.set({ value: location, scroll: false, replace: true })
  return { queryClient, history }
}

/** Renders the whole SPA (layout, route table, lazy pages) at `location`. */
export function renderApp(location: string) {
  const { queryClient, history } = setup(location)
  const result = render(() => (
    <QueryClientProvider client={queryClient}>
      <MemoryRouter history={history} root={Layout}>
        {createRoutes(queryClient) as RouteDefinition[]}
      </MemoryRouter>
    </QueryClientProvider>
  ))
  return { ...result, history, queryClient }
}

/** Renders one component under a router and a fresh QueryClient; `history.get()` is the URL. */
export function renderWithRouter(ui: () => JSX.Element, location = '/') {
  const { queryClient, history } = setup(location)
  const result = render(() => (
    <QueryClientProvider client={queryClient}>
      <MemoryRouter history={history}>
        <Route path="*" component={ui} />
      </MemoryRouter>
    </QueryClientProvider>
  ))
  return { ...result, history, queryClient }
}
