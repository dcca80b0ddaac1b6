import { queryOptions } from '@tanstack/solid-query'
import { ApiRequestError } from './client'

/** One run of a sync job, as GET /api/v1/admin/sync/runs answers it. */
export interface SyncRun {
  id: number
  job: string
  trigger: 'cron' | 'admin' | 'start'
  status: 'running' | 'succeeded' | 'failed' | 'skipped'
  sourceRevision: string | null
  filesSeen: number
  filesChanged: number
  filesAdded: number
  filesUnlisted: number
  errorCount: number
  errorsJson: string | null
  message: string | null
  cpuMs: number | null
  wallMs: number | null
  subrequests: number | null
  startedAt: string
  finishedAt: string | null
}

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
  const body = (await res.json().catch(() => undefined)) as { message?: string; error?: { code?: string; message?: string } } | undefined
  if (!res.ok) {
    throw new ApiRequestError(res.status, body?.error?.code ?? `HTTP_${res.status}`, body?.error?.message ?? body?.message ?? `HTTP ${res.status}`)
  }
  return body as T
}

export const adminQueries = {
  syncRuns: (token: string) =>
    queryOptions({
      queryKey: ['admin', 'sync-runs', token],
      queryFn: () => adminFetch<{ runs: SyncRun[] }>('sync/runs'),
      enabled: Boolean(token),
      retry: false,
    }),
}

/** Starts a TF Hub sync now and resolves when it has finished. */
export function runTfhubSync() {
  return adminFetch<{ status: string }>('sync/tfhub', { method: 'POST' })
}
