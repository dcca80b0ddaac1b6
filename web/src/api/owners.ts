import { queryOptions } from '@tanstack/solid-query'
import type { ApiOwnerProfile } from '../../../worker/api-types'
import { apiPath, getJson } from './client'

export const ownerQueries = {
  detail: (owner: string) =>
    queryOptions({
      queryKey: ['owners', owner] as const,
      queryFn: ({ signal, client }) =>
        getJson<ApiOwnerProfile>(`owners/${apiPath(owner)}`, {}, { signal, client }),
    }),
}
