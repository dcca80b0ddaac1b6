// The SPA's public pages, answered by the Worker (wrangler.toml run_worker_first) so that their
// first response has the page's real status and head (docs/ssr.md): the landing and search page,
// every URL form of a model page, owner pages; and the crawlers' sitemap.xml and robots.txt.
import { Hono, type Context } from 'hono'
import { createDb } from '../../db/client'
import { pageActor } from '../accounts/authenticate'
import { readSessionCookie } from '../accounts/session'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import type { PageHead } from '../pages/head'
import { listHead, modelHead, ownerHead } from '../pages/page-heads'
import { plainShell, shellWithHead } from '../pages/shell'
import { robotsTxt, sitemapXml } from '../pages/sitemap'
import { newNonce } from '../pages/nonce'
import { cachedPage, type DrawnPage } from '../pages/page-cache'
import { renderApp } from '../pages/ssr'
import type { RenderedPage } from '../pages/ssr-contract'
import { rateLimit } from '../http/rate-limit'
import { movedPageRedirect } from './moved-handles'
import { modelPagePath } from '../lib/page-paths'

type Ctx = Context<AppEnv>

/**
 * Whether the app is drawn on the server for this path (docs/ssr.md): a model page's URL forms,
 * but a discussion topic and the version comparison, which are other pages left to the browser.
 */
const serverRendered = (path: string) =>
  path === '/' ||
  path === '/models' ||
  path.startsWith('/owners/') ||
  (modelPagePath.test(path) && !/\/discussion\/\d+\/?$|\/compare\/?$/.test(path))

/**
 * The app drawn on the server for a found page, its data scripts under `nonce`; undefined
 * (logged) when that fails, and the page is then the shell with its head, drawn in the browser as
 * before.
 */
async function rendered(
  c: Ctx,
  nonce: string,
): Promise<(RenderedPage & { ms: number; nonce: string }) | undefined> {
  try {
    return await renderApp(c, nonce)
  } catch (err) {
    console.error(`page ${c.req.path}: server render failed, serving the SPA shell`, err)
    return undefined
  }
}

/**
 * A page with its head, and for a found page the app drawn on the server, for the caller as
 * signed in. Only a rendered 200 page drawn for nobody in particular may be stored.
 */
async function draw(
  c: Ctx,
  headOf: (c: Ctx) => PageHead | Promise<PageHead>,
  nonce: string,
): Promise<DrawnPage> {
  c.set('actor', await pageActor(c))
  const head = await headOf(c)
  // what a signed-in caller sees (its private models) is for it alone
  const signedIn = c.var.actor.kind !== 'anonymous'
  const body =
    head.status === 200 && serverRendered(c.req.path) ? await rendered(c, nonce) : undefined
  const headers: Record<string, string> = signedIn ? { 'cache-control': 'private, no-cache' } : {}
  if (body)
    headers['server-timing'] =
      `ssr;dur=${body.ms.toFixed(1)};desc="${body.passes} pass${body.passes === 1 ? '' : 'es'}"`
  const res = await shellWithHead(c, head, headers, body)
  return { res, storable: !!body && !signedIn && !res.headers.has('set-cookie') }
}

/**
 * A page; a signed-out visitor's server-rendered page through the edge cache (page-cache.ts).
 * Whatever fails on the way (D1, a bug) is logged and answered with the plain SPA shell, which
 * renders the page in the browser as before.
 */
async function page(c: Ctx, headOf: (c: Ctx) => PageHead | Promise<PageHead>) {
  try {
    c.set('db', createDb(c.env.DB))
    // any session cookie, even a stale one, skips the cache: nothing read for one caller is stored
    const cached = serverRendered(c.req.path) && readSessionCookie(c) === undefined
    const res = cached
      ? await cachedPage(c, (nonce) => draw(c, headOf, nonce))
      : (await draw(c, headOf, newNonce())).res
    const headers = new Headers(res.headers)
    if (!cached && serverRendered(c.req.path)) headers.set('x-modelport-cache', 'bypass')
    // compressed by the runtime on the way out (its `encodeBody: 'automatic'`), for a client that
    // takes gzip: `wrangler dev` does not compress on its own, Cloudflare's edge would
    if (/\bgzip\b/.test(c.req.header('accept-encoding') ?? '')) {
      headers.set('content-encoding', 'gzip')
      headers.set('vary', 'accept-encoding')
    }
    const out = new Response(res.body, { status: res.status, headers })
    return c.newResponse(out.body, out)
  } catch (err) {
    console.error(`page ${c.req.path}: falling back to the SPA shell`, err)
    return plainShell(c)
  }
}

/**
 * A model page; a model that does not exist may be a moved TF Hub handle (docs/tfhub.md, "Old
 * handles"), whose page answers a 308 to its family's page. A failed lookup keeps the 404 page.
 */
async function model(c: Ctx) {
  const res = await page(c, (c) => modelHead(c, c.req.param('owner')!, c.req.param('model')!))
  if (res.status !== 404) return res
  try {
    return (await movedPageRedirect(c)) ?? res
  } catch (err) {
    console.error(`page ${c.req.path}: moved-handle lookup failed`, err)
    return res
  }
}

// rate-limited per route: a `use` here would, mounted at '/', run for every path of the app
const pages = new Hono<AppEnv>()
  .get('/', rateLimit, (c) => page(c, listHead))
  .get('/models', rateLimit, (c) => page(c, listHead))
  .get('/models/:owner/:model', rateLimit, model)
  .get('/models/:owner/:model/*', rateLimit, model)
  .get('/owners/:owner', rateLimit, (c) => page(c, (c) => ownerHead(c, c.req.param('owner')!)))
  .get('/sitemap.xml', rateLimit, async (c) => {
    const raw = c.req.query('part')
    const part = raw === undefined ? undefined : /^\d{1,6}$/.test(raw) ? Number(raw) : NaN
    if (Number.isNaN(part)) throw new ApiError('BAD_REQUEST', 'part must be a whole number')
    const xml = await sitemapXml(createDb(c.env.DB), new URL(c.req.url).origin, part)
    if (xml === undefined) throw new ApiError('NOT_FOUND', `sitemap part ${raw} does not exist`)
    return c.body(xml, 200, {
      'content-type': 'application/xml; charset=utf-8',
      'cache-control': 'public, max-age=3600',
    })
  })
  .get('/robots.txt', (c) =>
    c.body(robotsTxt(new URL(c.req.url).origin), 200, {
      'content-type': 'text/plain; charset=utf-8',
      'cache-control': 'public, max-age=86400',
    }),
  )

export default pages
