import { queryOptions, type QueryClient } from '@tanstack/solid-query'
import type { AccountMe } from '../../../worker/api-types'
import { getJson } from './client'

/** The signed-in account, or null when signed out. Every page that shows who is signed in or
 * offers a write (vote, post) reads this one query. */
export const sessionQueries = {
  me: () =>
    queryOptions({
      queryKey: ['session', 'me'] as const,
      queryFn: async ({ signal }) =>
        (await getJson<{ user: AccountMe | null }>('auth/session', {}, signal)).user,
      staleTime: 60_000,
      retry: false,
    }),
}

/** After sign-in, sign-out or account changes: every query may answer differently now. */
export async function sessionChanged(queryClient: QueryClient) {
  await queryClient.invalidateQueries()
}
