import { queryOptions } from '@tanstack/solid-query'
import type { ApiAdminReport, ApiSuggestion, ListSyncRunsResponse } from '../../../worker/api-types'
import { ApiRequestError } from './client'

const tokenKey = 'modelport-admin-token'

/** The operator token lives in this tab only (sessionStorage), never in the URL. */
export const adminToken = {
  get: () => sessionStorage.getItem(tokenKey) ?? '',
  set: (token: string) => sessionStorage.setItem(tokenKey, token),
  clear: () => sessionStorage.removeItem(tokenKey),
}

async function adminFetch<T>(path: string, init: RequestInit = {}) {
  const res = await fetch(`/api/v1/admin/${path}`, {
    ...init,
    headers: {
      accept: 'application/json',
      authorization: `Bearer ${adminToken.get()}`,
      ...(init.body ? { 'content-type': 'application/json' } : {}),
    },
  })
  const body = (await res.json().catch(() => undefined)) as
    { message?: string; error?: { code?: string; message?: string } } | undefined
  if (!res.ok) {
    throw new ApiRequestError(
      res.status,
      body?.error?.code ?? `HTTP_${res.status}`,
      body?.error?.message ?? body?.message ?? `HTTP ${res.status}`,
    )
  }
  return body as T
}

export const adminQueries = {
  syncRuns: (token: string) =>
    queryOptions({
      queryKey: ['admin', 'sync-runs', token],
      queryFn: () => adminFetch<ListSyncRunsResponse>('sync/runs'),
      enabled: Boolean(token),
      retry: false,
    }),
  openReports: (token: string) =>
    queryOptions({
      queryKey: ['admin', 'reports', 'open', token],
      queryFn: () => adminFetch<{ reports: ApiAdminReport[] }>('reports?status=open'),
      enabled: Boolean(token),
      retry: false,
    }),
  suggestions: (token: string) =>
    queryOptions({
      queryKey: ['admin', 'suggestions', token],
      queryFn: () =>
        adminFetch<{ suggestions: (ApiSuggestion & { username: string | null })[] }>('suggestions'),
      enabled: Boolean(token),
      retry: false,
    }),
}

/** Closes a report: `resolved` (acted on) or `dismissed`. */
export const setReportStatus = (id: number, status: 'resolved' | 'dismissed') =>
  adminFetch(`reports/${id}`, { method: 'PATCH', body: JSON.stringify({ status }) })

export const setSuggestionStatus = (
  id: number,
  status: 'reviewing' | 'accepted' | 'rejected',
  adminNote?: string,
) =>
  adminFetch(`suggestions/${id}`, {
    method: 'PATCH',
    body: JSON.stringify({ status, ...(adminNote ? { adminNote } : {}) }),
  })

/** Starts a TF Hub sync now and resolves when it has finished. */
export function runTfhubSync() {
  return adminFetch<{ status: string }>('sync/tfhub', { method: 'POST' })
}
