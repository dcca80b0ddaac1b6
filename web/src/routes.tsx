import type { RouteDefinition } from '@solidjs/router'
import type { QueryClient } from '@tanstack/solid-query'
import { lazy } from 'solid-js'
import { modelQueries } from './api/models'

const LandingPage = lazy(() => import('./pages/landing-page'))
const ModelPage = lazy(() => import('./pages/model-page'))
const NotFoundPage = lazy(() => import('./pages/not-found-page'))

/** The route table; `preload` starts a page's main query on link hover and on navigation. */
export function createRoutes(queryClient: QueryClient): RouteDefinition[] {
  return [
    { path: ['/', '/models'], component: LandingPage },
    {
      path: '/models/:owner/:model/:framework?/:variation?/:version?',
      matchFilters: { version: /^\d+$/ },
      component: ModelPage,
      preload: ({ params }) => {
        void queryClient.prefetchQuery(modelQueries.detail(params.owner ?? '', params.model ?? ''))
      },
    },
    { path: '*404', component: NotFoundPage },
  ]
}
