import { A, useLocation } from '@solidjs/router'
import { useDocumentTitle } from '../lib/document-title'

export default function NotFoundPage() {
  const location = useLocation()
  useDocumentTitle(() => 'Page not found')
  return (
    <div class="page">
      <div class="notice not-found">
        <h1>Page not found</h1>
        <p>
          Nothing lives at <code>{location.pathname}</code>.
        </p>
        <p>
          <A class="button" href="/">
            Browse models
          </A>
        </p>
      </div>
    </div>
  )
}
