// The headers of every answer the Worker makes (docs/security.md). Static assets get theirs from
// dist/web/_headers, written at build by vite.config.ts.
import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'
import { answerPreflight, corsHeaders, sharesAnswer } from './cors'

const isApiPath = (path: string) => path.startsWith('/api/') || path.startsWith('/v1/')
const isAdminPath = (path: string) => path === '/api/v1/admin' || path.startsWith('/api/v1/admin/')

/**
 * nosniff on everything; no-store on errors (a passing failure must not be cached downstream) and
 * on admin answers; CORS on public reads of the API; OPTIONS under the API answered as a preflight.
 */
export const securityHeaders = createMiddleware<AppEnv>(async (c, next) => {
  const path = c.req.path
  if (c.req.method === 'OPTIONS' && isApiPath(path)) {
    c.res = answerPreflight(c.req.raw, path)
    return
  }
  await next()
  const res = c.res
  const noStore = res.status >= 400 || isAdminPath(path)
  const cors = isApiPath(path) && sharesAnswer(c.req.raw, path)
  // a fetched answer (assets, R2 bodies wrapped by Hono) may have immutable headers
  const out = new Response(res.body, res)
  out.headers.set('x-content-type-options', 'nosniff')
  if (noStore) out.headers.set('cache-control', 'no-store')
  if (cors) for (const [name, value] of Object.entries(corsHeaders)) out.headers.set(name, value)
  else if (isApiPath(path)) out.headers.delete('access-control-allow-origin')
  c.res = undefined
  c.res = out
})
