// The edge cache of server-rendered pages for signed-out visitors (docs/ssr.md, "Edge cache"):
// the Workers Cache API, keyed by the build and the catalog's version, fresh for a minute, then
// served stale while a new render replaces it. Each response gets its own CSP nonce: a page is
// stored with a secret nonce slot that no response ever carries, replaced by a fresh nonce on
// the way out.
import type { Context } from 'hono'
import { getCatalogVersion } from '../../db/queries/catalog-version'
import type { AppEnv } from '../env'
import { buildId } from './build-id'
import { newNonce } from './nonce'

type Ctx = Context<AppEnv>

/** A stored page is served as it is for this long after its render, */
export const freshMs = 60_000
/** and up to this much longer while a new render replaces it (stale-while-revalidate). */
const staleMs = 10 * 60_000

/** How a page answer was made: `x-modelport-cache` on every server-rendered path. */
export type CacheState = 'hit' | 'stale' | 'miss' | 'bypass'

/** A page drawn with `nonce`; only a page fit for every signed-out visitor may be stored. */
export interface DrawnPage {
  res: Response
  storable: boolean
}

const renderedAt = 'x-modelport-rendered-at'
const nonceSlot = 'x-modelport-nonce-slot'

/** The key: the build (its chunks' names), the catalog's version, the path and query. */
async function pageKey(c: Ctx) {
  const url = new URL(c.req.url)
  const [build, version] = await Promise.all([buildId(c), getCatalogVersion(c.var.db)])
  return new Request(`${url.origin}/__page-cache/${build}/${version}${url.pathname}${url.search}`)
}

/** The request's ExecutionContext; a Worker called in-process (`app.request`) has none. */
function later(c: Ctx, work: Promise<unknown>) {
  try {
    c.executionCtx.waitUntil(work)
    return Promise.resolve()
  } catch {
    return work.then(() => undefined)
  }
}

/** The page with this response's own nonce in place of the stored slot. */
async function serve(entry: Response, state: CacheState) {
  const slot = entry.headers.get(nonceSlot)
  const headers = new Headers(entry.headers)
  headers.delete(nonceSlot)
  headers.delete(renderedAt)
  headers.set('cache-control', 'no-cache')
  headers.set('x-modelport-cache', state)
  if (state !== 'miss') headers.delete('server-timing')
  let body = await entry.text()
  if (slot) {
    const nonce = newNonce()
    body = body.replaceAll(`nonce="${slot}"`, `nonce="${nonce}"`)
    const csp = headers.get('content-security-policy')
    if (csp)
      headers.set('content-security-policy', csp.replace(`'nonce-${slot}'`, `'nonce-${nonce}'`))
  }
  return new Response(body, { status: entry.status, headers })
}

/** Draws the page under a new slot; the storable one is put in the cache (after the answer). */
async function drawAndStore(c: Ctx, key: Request, draw: (nonce: string) => Promise<DrawnPage>) {
  const slot = newNonce()
  const drawn = await draw(slot)
  const body = await drawn.res.text()
  const headers = new Headers(drawn.res.headers)
  headers.set(nonceSlot, slot)
  if (drawn.storable) {
    const stored = new Headers(headers)
    stored.set(renderedAt, String(Date.now()))
    // kept by the cache for the whole stale window; browsers get no-cache (serve())
    stored.set('cache-control', `public, max-age=${(freshMs + staleMs) / 1000}`)
    stored.delete('server-timing')
    const put = caches.default
      .put(key, new Response(body, { status: drawn.res.status, headers: stored }))
      .catch((err) => console.error(`page cache: storing ${key.url} failed`, err))
    await later(c, put)
  }
  return new Response(body, { status: drawn.res.status, headers })
}

/**
 * A signed-out visitor's page from the cache when there is one for this build and catalog state:
 * fresh (`hit`), or older (`stale`) while a new render replaces it in the background; otherwise
 * drawn now (`miss`) and stored when it is a rendered 200 page.
 */
export async function cachedPage(c: Ctx, draw: (nonce: string) => Promise<DrawnPage>) {
  let key: Request
  try {
    key = await pageKey(c)
  } catch (err) {
    // without its key the page is still drawn, only not stored
    console.error(`page ${c.req.path}: no page cache key, drawing the page uncached`, err)
    const drawn = await draw(newNonce())
    return serve(drawn.res, 'miss')
  }
  const found = await caches.default.match(key)
  const age = found ? Date.now() - Number(found.headers.get(renderedAt)) : Infinity
  if (found && age < freshMs) return serve(found, 'hit')
  if (found && age < freshMs + staleMs) {
    const refresh = drawAndStore(c, key, draw).catch((err) =>
      console.error(`page ${c.req.path}: refreshing the cached page failed`, err),
    )
    await later(c, refresh)
    return serve(found, 'stale')
  }
  return serve(await drawAndStore(c, key, draw), 'miss')
}
