import { useLocation } from '@solidjs/router'
import { createEffect, ErrorBoundary, on, type JSX } from 'solid-js'

/**
 * What a page shows when its code throws while rendering: a message and a retry instead of a
 * blank page. Moving to another page clears it too.
 */
export function RouteErrorBoundary(props: { children: JSX.Element }) {
  const location = useLocation()
  return (
    <ErrorBoundary
      fallback={(err, reset) => {
        console.error(err)
        // a navigation elsewhere is a fresh start
        createEffect(
          on(
            () => location.pathname,
            () => reset(),
            { defer: true },
          ),
        )
        return (
          <div class="page" role="alert">
            <h1>Something went wrong</h1>
            <p>This page could not be shown. Try again, or go back to the list of models.</p>
            <p>
              <button type="button" class="button" onClick={() => reset()}>
                Try again
              </button>{' '}
              <a href="/models">All models</a>
            </p>
          </div>
        )
      }}
    >
      {props.children}
    </ErrorBoundary>
  )
}
