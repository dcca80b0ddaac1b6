import { queryOptions } from '@tanstack/solid-query'
import type { ListSyncRunsResponse } from '../../../worker/api-types'
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
    headers: { accept: 'application/json', authorization: `Bearer ${adminToken.get()}` },
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
}

/** Starts a TF Hub sync now and resolves when it has finished. */
export function runTfhubSync() {
  return adminFetch<{ status: string }>('sync/tfhub', { method: 'POST' })
}
