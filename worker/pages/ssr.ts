// Server rendering of the SPA's public pages (docs/ssr.md): the app's own components, drawn by the
// server build (web/src/entry-server.tsx) with their data answered in-process by the API's routes.
import type { Context } from 'hono'
import type { AppEnv } from '../env'
import type { RenderedPage, RenderPage } from './ssr-contract'

type Ctx = Context<AppEnv>

/** A render taking longer than this falls back to the plain shell (the browser draws the page). */
const renderTimeoutMs = 3000

let renderer: Promise<RenderPage> | undefined

/** The server build, loaded on the first page that needs it (it is most of the Worker's code). */
const loadRenderer = () => (renderer ??= import('#ssr').then((m) => m.renderPage))

/**
 * The app's `/api/v1/...` requests, answered by the same routes as over the network, in-process
 * and as the page's caller (its session cookie). The page request has passed the rate limiter
 * already; without a client address these inner requests are not counted again.
 */
function inProcessApi(c: Ctx) {
  const origin = new URL(c.req.url).origin
  const cookie = c.req.header('cookie')
  return async (url: string, init: RequestInit) => {
    const { default: app } = await import('../app')
    const headers = new Headers(init.headers)
    if (cookie) headers.set('cookie', cookie)
    const request = new Request(new URL(url, origin), { headers, signal: init.signal })
    return app.fetch(request, c.env, executionCtx(c))
  }
}

/** The request's ExecutionContext, which a Worker called in-process (`app.request`) has not. */
function executionCtx(c: Ctx) {
  try {
    return c.executionCtx
  } catch {
    return undefined
  }
}

/**
 * The page at the request's URL, drawn by the app, its data scripts under `nonce`; throws when it
 * cannot be (the caller falls back).
 */
export async function renderApp(
  c: Ctx,
  nonce: string,
): Promise<RenderedPage & { ms: number; nonce: string }> {
  const render = await loadRenderer()
  const url = new URL(c.req.url)
  const started = performance.now()
  let timer: number | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`render timed out after ${renderTimeoutMs} ms`)),
      renderTimeoutMs,
    )
  })
  try {
    const page = await Promise.race([
      render({ url: url.pathname + url.search, origin: url.origin, fetch: inProcessApi(c), nonce }),
      timeout,
    ])
    // workerd's clock moves with I/O only: this is the render's wait for its data, not its CPU
    return { ...page, nonce, ms: performance.now() - started }
  } finally {
    if (timer !== undefined) clearTimeout(timer)
  }
}
