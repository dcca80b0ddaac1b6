import { useLocation } from '@solidjs/router'
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
          <a class="button" href="/">
            Browse models
          </a>
        </p>
      </div>
    </div>
  )
}
