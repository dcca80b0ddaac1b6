import './boot/early'
import { hydrate as hydrateQueries } from '@tanstack/solid-query'
import { hydrate, render } from 'solid-js/web'
import { followSessionEnd } from './api/session'
import { App, createQueryClient } from './app'
import { keepEarlyEventPaths } from './boot/early-events'
import { serverQueries } from './boot/server-queries'
import { preloadPage } from './routes'
import './styles.css'

declare global {
  interface Window {
    /** Solid's hydration registry: the server's head script, filled by its data scripts */
    _$HY?: {
      events: [Element, Event][] | null
      completed: WeakSet<object>
      r: Record<string, unknown>
    }
    /** set once a server-rendered page has been hydrated (the e2e tests wait for it) */
    __modelportHydrated?: boolean
  }
}

const queryClient = createQueryClient()
followSessionEnd(queryClient)

const root = document.getElementById('root')!

if (root.hasAttribute('data-ssr') && window._$HY) {
  // The Worker drew this page (docs/ssr.md): take over its markup with the data it was drawn
  // from, so nothing is fetched again and nothing moves, and act on what was clicked or typed
  // before (boot/early-events.ts).
  keepEarlyEventPaths(window._$HY)
  hydrateQueries(queryClient, serverQueries(window._$HY.r))
  void preloadPage(window.location.pathname).then(() => {
    hydrate(() => <App queryClient={queryClient} />, root)
    window.__modelportHydrated = true
  })
} else {
  // index.html's first-paint shell; the app renders the same header in the same task. What was
  // typed into the shell's search box before the app started is carried over.
  const shellSearch = document.getElementById('site-search') as HTMLInputElement | null
  const typed = shellSearch?.value.trim() ?? ''
  const hadFocus = !!shellSearch && document.activeElement === shellSearch
  root.replaceChildren()

  render(() => <App queryClient={queryClient} />, root)

  const appSearch = document.getElementById('site-search') as HTMLInputElement | null
  if (appSearch && typed && typed !== appSearch.value) {
    appSearch.value = typed
    appSearch.dispatchEvent(new Event('input', { bubbles: true }))
  }
  if (appSearch && hadFocus) appSearch.focus()
}
