import { queryOptions } from '@tanstack/solid-query'
import type { ApiPublicUser, ApiSession, ApiTokenInfo } from '../../../worker/api-types'
import { apiPath, getJson } from './client'

/** The signed-in user's credentials and sessions, public profiles, and the sign-in provider. */
export const accountQueries = {
  tokens: () =>
    queryOptions({
      queryKey: ['account', 'tokens'] as const,
      queryFn: async ({ signal, client }) =>
        (await getJson<{ tokens: ApiTokenInfo[] }>('account/tokens', {}, { signal, client }))
          .tokens,
    }),
  sessions: () =>
    queryOptions({
      queryKey: ['account', 'sessions'] as const,
      queryFn: async ({ signal, client }) =>
        (await getJson<{ sessions: ApiSession[] }>('account/sessions', {}, { signal, client }))
          .sessions,
    }),
  user: (username: string) =>
    queryOptions({
      queryKey: ['users', username.toLowerCase()] as const,
      queryFn: ({ signal, client }) =>
        getJson<ApiPublicUser>(apiPath('users', username), {}, { signal, client }),
      retry: false,
    }),
  /** The single sign-on provider's name, or null when none is configured. */
  oidcProvider: () =>
    queryOptions({
      queryKey: ['auth', 'oidc'] as const,
      queryFn: async ({ signal, client }) => {
        try {
          return (await getJson<{ name: string | null }>('auth/oidc', {}, { signal, client })).name
        } catch {
          // no provider (404), or unreachable: the page offers password sign-in only
          return null
        }
      },
      staleTime: Infinity,
    }),
}
