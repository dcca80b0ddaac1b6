// Handles that moved when the TF Hub catalog took Kaggle's family shape (docs/tfhub.md, "Old
// handles"): API GETs that found nothing, and model pages whose model does not exist, answer a 308 to where
// the model, variation or version lives now. Lookup errors propagate to the one error envelope.
import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import { createDb } from '../../db/client'
import { findMovedHandle, movedSegments } from '../../db/queries/handle-aliases'
import type { AppEnv } from '../env'

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
 * A model page's path (/models/<old handle>…) as a moved handle's 308, or null when nothing
 * moved there. The page route (worker/routes/pages.ts) asks after its model answered 404.
 */
export const movedPageRedirect = (c: Context<AppEnv>) => redirectFor(c, '/models/')
