// The app as the browser (index.tsx) and the Worker's server render (entry-server.tsx) both draw
// it: one QueryClient per page load or per request, the router, the site's frame.
import { Router, type RouteSectionProps } from '@solidjs/router'
import { QueryClient, QueryClientProvider } from '@tanstack/solid-query'
import { ApiRequestError } from './api/client'
import { RouteErrorBoundary } from './components/route-error-boundary'
import { Layout } from './layout'
import { SiteOrigin } from './lib/site-origin'
import { createRoutes } from './routes'

export function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        // One retry for network and server errors; a 4xx (unknown model, bad input) will not heal.
        retry: (failures, err) =>
          failures < 1 && !(err instanceof ApiRequestError && err.status < 500),
      },
    },
  })
}

// the site's frame stays when a page throws; the page shows a retry (route-error-boundary.tsx)
const Frame = (props: RouteSectionProps) => (
  <Layout {...props}>
    <RouteErrorBoundary>{props.children}</RouteErrorBoundary>
  </Layout>
)

/** `url` and `origin` are the server render's: the browser's router reads its own location. */
export function App(props: { queryClient: QueryClient; url?: string; origin?: string }) {
  return (
    <SiteOrigin.Provider value={props.origin}>
      <QueryClientProvider client={props.queryClient}>
        <Router root={Frame} url={props.url} scrollRestoration>
          {createRoutes(props.queryClient)}
        </Router>
      </QueryClientProvider>
    </SiteOrigin.Provider>
  )
}
