import type { QueryClient } from '@tanstack/solid-query'
import type { ApiErrorBody } from '../../../worker/api-types'

/** A non-2xx answer from /api/v1, carrying the envelope's code and message. */
export class ApiRequestError extends Error {
  readonly status: number
  readonly code: string
  /** per-field problems of a 400, as the envelope lists them */
  readonly issues: { path: string; message: string }[]
  /** seconds to wait, from a 429's Retry-After */
  readonly retryAfter?: number

  constructor(
    status: number,
    code: string,
    message: string,
    extra: { issues?: { path: string; message: string }[]; retryAfter?: number } = {},
  ) {
    super(message)
    this.name = 'ApiRequestError'
    this.status = status
    this.code = code
    this.issues = extra.issues ?? []
    this.retryAfter = extra.retryAfter
  }
}

export type QueryParams = Record<string, string | number | string[] | undefined>

/** Path segments go through encodeURIComponent, so handles with odd characters stay one segment. */
export function apiPath(...segments: (string | number)[]) {
  return segments.map((s) => encodeURIComponent(String(s))).join('/')
}

function apiUrl(path: string, query: QueryParams) {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    // arrays become repeated parameters: framework=tfJs&framework=tfLite
    for (const v of Array.isArray(value) ? value : [value]) {
      if (v !== undefined && v !== '') search.append(key, String(v))
    }
  }
  const qs = search.toString()
  return `/api/v1/${path}${qs ? `?${qs}` : ''}`
}

/**
 * What a query function passes on: its abort signal, and its QueryClient, by which a server
 * render's client answers in-process (serverFetch) instead of over the network.
 */
export type FetchContext = AbortSignal | { signal?: AbortSignal; client?: QueryClient }

type Fetcher = (url: string, init: RequestInit) => Promise<Response>

const serverFetchers = new WeakMap<QueryClient, Fetcher>()

/**
 * Has the queries of `client` (a server render's own, one per request) call `fetcher` for
 * `/api/v1/...` URLs: the Worker answers them in-process (worker/pages/ssr.ts).
 */
export function serverFetch(client: QueryClient, fetcher: Fetcher) {
  serverFetchers.set(client, fetcher)
}

/** GETs `/api/v1/<path>` and returns the answer as it is (getJson, getPulled). */
export async function fetchApi(path: string, query: QueryParams, ctx?: FetchContext) {
  const url = apiUrl(path, query)
  // respond-async: a version being pulled through answers 202 at once instead of being held
  const headers = { accept: 'application/json', prefer: 'respond-async' }
  const signal = ctx && 'client' in ctx ? ctx.signal : (ctx as AbortSignal | undefined)
  const server = ctx && 'client' in ctx && ctx.client && serverFetchers.get(ctx.client)
  if (server) return server(url, { headers, signal })
  return (await takeEarly(url)) ?? (await fetch(url, { headers, signal }))
}

/**
 * GETs `/api/v1/<path>` and returns the parsed JSON. Empty query values are left out; arrays
 * repeat the parameter.
 * Throws `ApiRequestError` with the envelope's message on a non-2xx answer, and on a 202 (files
 * still being fetched from TF Hub): a caller that can show that asks with `getPulled` (pull-through.ts).
 */
export async function getJson<T>(path: string, query: QueryParams = {}, ctx?: FetchContext) {
  const res = await fetchApi(path, query, ctx)
  if (!res.ok || res.status === 202) throw await toError(res)
  return (await res.json()) as T
}

/**
 * Sends a write (POST, PUT, PATCH, DELETE) to `/api/v1/<path>` with a JSON body, or the raw body
 * given (an avatar image), and returns the parsed answer (undefined for 204). The session cookie
 * goes along; the Origin header the browser adds is what passes the CSRF check.
 * Throws `ApiRequestError` with the envelope's message on a non-2xx answer.
 */
export async function sendJson<T = undefined>(
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
) {
  const raw = body instanceof Blob
  const res = await fetch(`/api/v1/${path}`, {
    method,
    headers: {
      accept: 'application/json',
      ...(body === undefined || raw ? {} : { 'content-type': 'application/json' }),
      ...(raw && body.type ? { 'content-type': body.type } : {}),
    },
    body: body === undefined ? undefined : raw ? body : JSON.stringify(body),
  })
  if (!res.ok) throw await toError(res)
  if (res.status === 204) return undefined as T
  return (await res.json()) as T
}

declare global {
  interface Window {
    /** requests index.html started before the app loaded, by URL; each is used once */
    __modelportEarly?: Record<string, Promise<Response> | undefined>
  }
}

async function takeEarly(url: string) {
  if (typeof window === 'undefined') return undefined
  const early = window.__modelportEarly?.[url]
  if (!early) return undefined
  delete window.__modelportEarly![url]
  // a failed early request is simply made again
  return early.catch(() => undefined)
}

/** The ApiRequestError of a non-2xx answer, from its error envelope. */
export async function toError(res: Response) {
  let body: Partial<ApiErrorBody> | undefined
  try {
    body = (await res.json()) as Partial<ApiErrorBody>
  } catch {
    body = undefined
  }
  const message = body?.error?.message || body?.message || `Request failed (HTTP ${res.status})`
  const retryAfter = Number(res.headers.get('retry-after'))
  return new ApiRequestError(res.status, body?.error?.code ?? `HTTP_${res.status}`, message, {
    issues: Array.isArray(body?.error?.issues) ? body.error.issues : undefined,
    retryAfter: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
  })
}

export function isNotFound(err: unknown) {
  return err instanceof ApiRequestError && err.status === 404
}

/** "in 3 minutes", "in 40 seconds": a Retry-After in words. */
function waitInWords(seconds: number) {
  if (seconds < 60) return `in ${seconds} ${seconds === 1 ? 'second' : 'seconds'}`
  const minutes = Math.ceil(seconds / 60)
  return `in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`
}

/** A sentence to show the user for any error a query or fetch can throw. */
export function errorMessage(err: unknown) {
  if (err instanceof ApiRequestError && err.status === 429 && err.retryAfter)
    return `${err.message.replace(/; retry in \d+ s$/, '')}. Try again ${waitInWords(err.retryAfter)}.`
  // a failed pull-through from TF Hub: retried upstream after the given time
  if (err instanceof ApiRequestError && err.status === 502 && err.retryAfter)
    return `${err.message}. Try again ${waitInWords(err.retryAfter)}.`
  if (err instanceof ApiRequestError) return err.message
  // fetch rejects with a TypeError when the request never got an answer
  if (err instanceof TypeError) return 'Could not reach Modelport. Check your connection and retry.'
  if (err instanceof Error && err.message) return err.message
  return 'Something went wrong.'
}
