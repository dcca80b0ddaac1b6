import { createMiddleware } from 'hono/factory'
import { getCookie } from 'hono/cookie'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { sessionCookie } from './session'

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * CSRF: a write that carries the session cookie must come from our own origin, and must say so
 * (browsers send Origin on every non-GET request). Hono's `csrf()` checks only form-like content
 * types and lets a request without Origin through; this checks every write. A write with an
 * Authorization header is authenticated by it, not by the cookie, so it is not checked. A write
 * with neither (a first sign-in) may omit Origin, but a foreign one is refused, so another site
 * cannot sign a visitor into the attacker's account.
 */
export const sameOriginWrites = createMiddleware<AppEnv>(async (c, next) => {
  if (!safeMethods.has(c.req.method) && !c.req.header('authorization')) {
    const origin = c.req.header('origin')
    const hasCookie = getCookie(c, sessionCookie(c).name) !== undefined
    if (origin !== undefined ? origin !== new URL(c.req.url).origin : hasCookie) {
      throw new ApiError(
        'FORBIDDEN',
        origin
          ? 'cross-origin request refused'
          : 'a request with the session cookie must send its Origin',
      )
    }
  }
  await next()
})
