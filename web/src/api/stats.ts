import { queryOptions } from '@tanstack/solid-query'
import type { ModelStatsResponse } from '../../../worker/api-types'
import { apiPath, getJson } from './client'

/** Usage over time of one model: a side panel of its page. */
export const modelActivityQueries = {
  stats: (owner: string, model: string, days = 90) =>
    queryOptions({
      queryKey: ['stats', owner, model, days] as const,
      queryFn: ({ signal, client }) =>
        getJson<ModelStatsResponse>(
          `stats/models/${apiPath(owner, model)}`,
          { days },
          { signal, client },
        ),
    }),
}

/** The address of a model's usage series as CSV, for a download link. */
export const modelStatsCsvUrl = (owner: string, model: string, days: number) =>
  `/api/v1/stats/models/${apiPath(owner, model)}?days=${days}&format=csv`
