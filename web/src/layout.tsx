import { useLocation, useNavigate, useSearchParams, type RouteSectionProps } from '@solidjs/router'
import { Suspense } from 'solid-js'
import { AccountMenu } from './components/account-menu'
import { Loading } from './components/status-notices'
import { SearchBox } from './components/search-box'
import { firstParam } from './lib/search-params'
import { searchPath } from './lib/paths'

const landingPaths = new Set(['/', '/models', '/models/'])

export function Layout(props: RouteSectionProps) {
  const location = useLocation()
  const navigate = useNavigate()
  const [params, setParams] = useSearchParams()
  const onLanding = () => landingPaths.has(location.pathname)

  const search = (q: string) => {
    if (onLanding()) {
      // Replace, so typing does not leave one history entry per pause.
      setParams({ q: q || undefined, page: undefined }, { replace: true, scroll: false })
    } else {
      navigate(searchPath({ q }))
    }
  }

  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="site-header">
        <div class="site-header-inner">
          <a href="/" class="brand">
            <svg class="brand-mark" viewBox="0 0 32 32" aria-hidden="true">
              <rect width="32" height="32" rx="7" />
              <path d="M8 23V9l8 8 8-8v14" />
            </svg>
            Modelport
          </a>
          <SearchBox value={firstParam(params.q)} live={onLanding()} onSearch={search} />
          <AccountMenu />
        </div>
      </header>
      <main id="main" class="site-main" tabindex="-1">
        <Suspense fallback={<Loading />}>{props.children}</Suspense>
      </main>
      <footer class="site-footer">
        <p>
          Modelport · models imported from{' '}
          <a href="https://tfhub.dev" target="_blank" rel="noopener noreferrer">
            TF Hub
          </a>{' '}
          and shared by the community · <a href="/suggest">Suggest a source</a>
        </p>
      </footer>
    </>
  )
}
