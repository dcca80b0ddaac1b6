import type { RouteDefinition } from '@solidjs/router'
import type { QueryClient } from '@tanstack/solid-query'
import { lazy } from 'solid-js'
import { modelQueries } from './api/models'
import { ownerQueries } from './api/owners'
// The landing page is most visitors' first page: in the entry chunk, so it needs no second round
// trip. The other pages load on demand.
import LandingPage from './pages/landing-page'

const ModelPage = lazy(() => import('./pages/model'))
const TopicPage = lazy(() => import('./pages/topic'))
const SuggestPage = lazy(() => import('./pages/suggest-page'))
const OwnerPage = lazy(() => import('./pages/owner-page'))
const NotFoundPage = lazy(() => import('./pages/not-found-page'))
const AdminPage = lazy(() => import('./pages/admin-page'))
const SignInPage = lazy(() => import('./pages/account/signin-page'))
const SignUpPage = lazy(() => import('./pages/account/signup-page'))
const AccountPage = lazy(() => import('./pages/account/account-page'))
const UserPage = lazy(() => import('./pages/user-page'))
const NewModelPage = lazy(() => import('./pages/publish/new-model-page'))
const NewVariationPage = lazy(() => import('./pages/publish/new-variation-page'))
const NewVersionPage = lazy(() => import('./pages/publish/new-version-page'))
const EditModelPage = lazy(() => import('./pages/publish/edit-model-page'))
const ComparePage = lazy(() => import('./pages/compare'))
const NotebookPage = lazy(() => import('./pages/notebook'))
// the editor brings CodeMirror: its own chunk, loaded on this route only
const NotebookEditPage = lazy(() => import('./pages/notebook-edit'))

/**
 * Loads the page module of a server-rendered path before the app hydrates it: a lazy page
 * still loading at hydration would be drawn afresh instead of taking over the server's markup.
 */
export async function preloadPage(pathname: string) {
  if (/^\/models\/[^/]+\/[^/]+/.test(pathname)) await ModelPage.preload()
  else if (pathname.startsWith('/owners/')) await OwnerPage.preload()
}

/** The route table; `preload` starts a page's main query on link hover and on navigation. */
export function createRoutes(queryClient: QueryClient): RouteDefinition[] {
  return [
    { path: ['/', '/models'], component: LandingPage },
    {
      // before the model route, whose optional :framework would otherwise take "discussion"
      path: '/models/:owner/:model/discussion/:topicId',
      matchFilters: { topicId: /^\d+$/ },
      component: TopicPage,
      // the query modules of pages that are never the first view load with them, not with the entry
      // params are read now: by the time the module has loaded, they may be another route's
      preload: ({ params }) => {
        const topicId = Number(params.topicId)
        void import('./api/community').then(({ communityQueries }) =>
          queryClient.prefetchInfiniteQuery(communityQueries.topic(topicId)),
        )
      },
    },
    {
      // before the model route too: "compare" is no version number, but it is a variation slug
      path: '/models/:owner/:model/:framework/:variation/compare',
      component: ComparePage,
      preload: ({ params }) => {
        const ref = {
          owner: params.owner ?? '',
          model: params.model ?? '',
          framework: params.framework ?? '',
          variation: params.variation ?? '',
        }
        void queryClient.prefetchQuery(modelQueries.versions(ref))
      },
    },
    {
      path: '/models/:owner/:model/:framework?/:variation?/:version?',
      matchFilters: { version: /^\d+$/ },
      component: ModelPage,
      // Everything the URL already names starts at once, instead of after the model arrives.
      preload: ({ params }) => {
        const owner = params.owner ?? ''
        const model = params.model ?? ''
        void queryClient.prefetchQuery(modelQueries.detail(owner, model))
        if (params.framework && params.variation) {
          const ref = { owner, model, framework: params.framework, variation: params.variation }
          void queryClient.prefetchQuery(modelQueries.versions(ref))
          if (params.version) {
            void queryClient.prefetchInfiniteQuery(modelQueries.files(ref, Number(params.version)))
          }
        }
      },
    },
    {
      path: '/owners/:owner',
      component: OwnerPage,
      preload: ({ params }) => {
        void queryClient.prefetchQuery(ownerQueries.detail(params.owner ?? ''))
      },
    },
    { path: '/admin', component: AdminPage },
    { path: '/signin', component: SignInPage },
    { path: '/signup', component: SignUpPage },
    { path: '/account', component: AccountPage },
    { path: '/new-model', component: NewModelPage },
    { path: '/publish/:owner/:model/edit', component: EditModelPage },
    { path: '/publish/:owner/:model/variation', component: NewVariationPage },
    { path: '/publish/:owner/:model/:framework/:variation/version', component: NewVersionPage },
    {
      path: '/users/:username',
      component: UserPage,
      preload: ({ params }) => {
        const username = params.username ?? ''
        void import('./api/account').then(({ accountQueries }) =>
          queryClient.prefetchQuery(accountQueries.user(username)),
        )
      },
    },
    { path: '/notebooks/:owner/:slug', component: NotebookPage },
    { path: '/notebooks/:owner/:slug/edit', component: NotebookEditPage },
    { path: '/suggest', component: SuggestPage },
    { path: '*404', component: NotFoundPage },
  ]
}
