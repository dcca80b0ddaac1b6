// Per-client rate limits by route class, with the Workers Rate Limiting binding (wrangler.toml
// [[ratelimits]], docs/abuse.md). The client is the address Cloudflare reports; each class has its
// own binding, so a crawler of model pages does not use up its downloads or its sign-ins.
import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'

export type RouteClass = 'search' | 'read' | 'download' | 'write' | 'auth'

const bindingOf = {
  search: 'RATE_LIMIT_SEARCH',
  read: 'RATE_LIMIT_READ',
  download: 'RATE_LIMIT_DOWNLOAD',
  write: 'RATE_LIMIT_WRITE',
  auth: 'RATE_LIMIT_AUTH',
} as const satisfies Record<RouteClass, keyof Env>

/** the period of every binding in wrangler.toml: a refused client may retry after it */
const periodSeconds = 60

const readMethods = new Set(['GET', 'HEAD', 'OPTIONS'])
// requests that test a credential: a password, or a token someone may be guessing
const authPaths = /^\/(auth\/(signin|signup|password)|security\.OAuthService\/IntrospectToken)$/
const downloadPaths =
  /^\/(files|archives)\/|^\/models\/[^/]+\/[^/]+\/[^/]+\/[^/]+\/[^/]+\/download(\/|$)/

/** The class of a request, from its method and its path under /api/v1 (or /v1). */
export function routeClass(method: string, path: string): RouteClass {
  const rest = path.replace(/^\/(api\/)?v1(?=\/|$)/, '')
  if (authPaths.test(rest)) return 'auth'
  if (!readMethods.has(method)) return 'write'
  if (rest === '/models/list') return 'search'
  if (downloadPaths.test(rest)) return 'download'
  return 'read'
}

export const rateLimit = createMiddleware<AppEnv>(async (c, next) => {
  const limiter = c.env[bindingOf[routeClass(c.req.method, c.req.path)]] as RateLimit | undefined
  // Cloudflare always sets the client's address, and so does `wrangler dev` (127.0.0.1 unless the
  // request names one); only a Worker called in-process, as by the vitest pool, has none.
  // test/wrangler.cron.toml has no limiters.
  const client = c.req.header('cf-connecting-ip')
  if (limiter && client) {
    let allowed = true
    try {
      allowed = (await limiter.limit({ key: client })).success
    } catch (err) {
      // a limiter outage must not take the API down with it
      console.error('rate limiter failed', err)
    }
    if (!allowed)
      throw new ApiError(
        'TOO_MANY_REQUESTS',
        `too many requests from this address; retry in ${periodSeconds} s`,
        undefined,
        { 'retry-after': String(periodSeconds) },
      )
  }
  await next()
})
