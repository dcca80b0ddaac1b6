// Handles that moved when the TF Hub catalog took Kaggle's family shape (docs/tfhub.md, "Old
// handles"): API GETs that found nothing, and browser pages under /models/, answer a 308 to where
// the model, variation or version lives now. Lookup errors propagate to the one error envelope.
import { Hono, type Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import { createDb } from '../../db/client'
import { findMovedHandle, movedSegments } from '../../db/queries/handle-aliases'
import type { AppEnv } from '../env'
import { renderNotFound } from '../errors'

/** API paths whose next segments are owner/model[/framework/variation/version…] */
const apiPrefixes = [
  '/api/v1/models/',
  '/api/v1/files/',
  '/api/v1/archives/',
  '/api/v1/discussions/models/',
]

function splitPath(pathname: string, prefix: string) {
  try {
    return pathname.slice(prefix.length).split('/').map(decodeURIComponent)
  } catch {
    return null
  }
}

async function redirectFor(c: Context<AppEnv>, prefix: string) {
  const url = new URL(c.req.url)
  const segments = splitPath(url.pathname, prefix)
  if (!segments || segments.length < 2) return null
  const moved = await findMovedHandle(createDb(c.env.DB), segments)
  if (!moved) return null
  const path = prefix + movedSegments(segments, moved).map(encodeURIComponent).join('/')
  return c.redirect(path + url.search, 308)
}

/** After an API GET answered 404: a moved handle's 308, else the 404 as it was. */
export const movedApiHandles = createMiddleware<AppEnv>(async (c, next) => {
  await next()
  if (c.res.status !== 404 || (c.req.method !== 'GET' && c.req.method !== 'HEAD')) return
  const prefix = apiPrefixes.find((p) => c.req.path.startsWith(p))
  if (!prefix) return
  const redirect = await redirectFor(c, prefix)
  if (redirect) c.res = redirect
})

/**
 * Model pages: a moved handle's 308, anything else the SPA; a page the assets lack answers a
 * client that did not ask for HTML with the JSON 404, as every other path does.
 */
export const movedPages = new Hono<AppEnv>().on(['GET', 'HEAD'], '/models/*', async (c) => {
  const redirect = await redirectFor(c, '/models/')
  if (redirect) return redirect
  const page = await c.env.ASSETS.fetch(c.req.raw)
  const wantsHtml = (c.req.header('accept') ?? '').includes('text/html')
  return page.status === 404 && !wantsHtml ? renderNotFound(c) : page
})
