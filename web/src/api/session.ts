import { queryOptions, type QueryClient } from '@tanstack/solid-query'
import type { AccountMe } from '../../../worker/api-types'
import { ApiRequestError, getJson } from './client'

/** The signed-in account, or null when signed out. Every page that shows who is signed in or
 * offers a write (vote, post) reads this one query. */
export const sessionQueries = {
  me: () =>
    queryOptions({
      queryKey: ['session', 'me'] as const,
      queryFn: async ({ signal, client }) =>
        (await getJson<{ user: AccountMe | null }>('auth/session', {}, { signal, client })).user,
      staleTime: 60_000,
      retry: false,
    }),
}

/** After sign-in, sign-out or account changes: every query may answer differently now. */
export async function sessionChanged(queryClient: QueryClient) {
  await queryClient.invalidateQueries()
}

/**
 * After the session ended on a page that needs one (sign out, delete the account): leave for the
 * landing first, then refresh. Refreshing first lets the page's own redirect to sign-in start,
 * and the two navigations race: the browser could end on either.
 */
export async function leaveSignedOut(
  queryClient: QueryClient,
  navigate: (to: string, options: { replace: boolean }) => void,
) {
  navigate('/', { replace: true })
  await sessionChanged(queryClient)
}

/**
 * A 401 while the app thinks someone is signed in means the session ended elsewhere (signed out
 * everywhere, revoked from another device, expired): ask again who is signed in, so the header,
 * vote buttons and account pages show the visitor as signed out.
 */
export function followSessionEnd(queryClient: QueryClient) {
  const check = (error: unknown) => {
    if (!(error instanceof ApiRequestError) || error.status !== 401) return
    if (!queryClient.getQueryData(sessionQueries.me().queryKey)) return
    void queryClient.invalidateQueries({ queryKey: sessionQueries.me().queryKey })
  }
  queryClient.getQueryCache().subscribe((event) => {
    if (event.type === 'updated' && event.action.type === 'error') check(event.action.error)
  })
  queryClient.getMutationCache().subscribe((event) => {
    if (event.type === 'updated' && event.action.type === 'error') check(event.action.error)
  })
}
