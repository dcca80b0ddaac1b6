import { useLocation, useSearchParams } from '@solidjs/router'
import { formatNumber } from '../../lib/format'

type ModelTab = 'overview' | 'notebooks' | 'discussion'

/** The tab the URL's `?tab=` names; the overview without one. */
export function useModelTab() {
  const [search] = useSearchParams()
  return (): ModelTab =>
    search.tab === 'notebooks' || search.tab === 'discussion' ? search.tab : 'overview'
}

/** The model page's section links; each tab is the same path with its `?tab=`. */
export function ModelTabs(props: { current: ModelTab; notebooks: number; discussions: number }) {
  const location = useLocation()
  const tabHref = (t: ModelTab) =>
    t === 'overview' ? location.pathname : `${location.pathname}?tab=${t}`
  return (
    <nav class="page-tabs" aria-label="Model sections">
      <ul role="list">
        <li>
          <a
            href={tabHref('overview')}
            noScroll
            aria-current={props.current === 'overview' ? 'page' : undefined}
          >
            Model
          </a>
        </li>
        <li>
          <a
            href={tabHref('notebooks')}
            noScroll
            aria-current={props.current === 'notebooks' ? 'page' : undefined}
          >
            Notebooks <span class="count">{formatNumber(props.notebooks)}</span>
          </a>
        </li>
        <li>
          <a
            href={tabHref('discussion')}
            noScroll
            aria-current={props.current === 'discussion' ? 'page' : undefined}
          >
            Discussion <span class="count">{formatNumber(props.discussions)}</span>
          </a>
        </li>
      </ul>
    </nav>
  )
}
