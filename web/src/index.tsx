import './boot/early'
import { Router, type RouteSectionProps } from '@solidjs/router'
import { QueryClient, QueryClientProvider } from '@tanstack/solid-query'
import { render } from 'solid-js/web'
import { ApiRequestError } from './api/client'
import { followSessionEnd } from './api/session'
import { RouteErrorBoundary } from './components/route-error-boundary'
import { Layout } from './layout'
import { createRoutes } from './routes'
import './styles.css'

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      // One retry for network and server errors; a 4xx (unknown model, bad input) will not heal.
      retry: (failures, err) =>
        failures < 1 && !(err instanceof ApiRequestError && err.status < 500),
    },
  },
})
followSessionEnd(queryClient)

const root = document.getElementById('root')!
// index.html's first-paint shell; the app renders the same header in the same task. What was
// typed into the shell's search box before the app started is carried over.
const shellSearch = document.getElementById('site-search') as HTMLInputElement | null
const typed = shellSearch?.value.trim() ?? ''
const hadFocus = !!shellSearch && document.activeElement === shellSearch
root.replaceChildren()

// the site's frame stays when a page throws; the page shows a retry (route-error-boundary.tsx)
const Frame = (props: RouteSectionProps) => (
  <Layout {...props}>
    <RouteErrorBoundary>{props.children}</RouteErrorBoundary>
  </Layout>
)

render(
  () => (
    <QueryClientProvider client={queryClient}>
      <Router root={Frame} scrollRestoration>
        {createRoutes(queryClient)}
      </Router>
    </QueryClientProvider>
  ),
  root,
)

const appSearch = document.getElementById('site-search') as HTMLInputElement | null
if (appSearch && typed && typed !== appSearch.value) {
  appSearch.value = typed
  appSearch.dispatchEvent(new Event('input', { bubbles: true }))
}
if (appSearch && hadFocus) appSearch.focus()
