import { createMiddleware } from 'hono/factory'
import type { AppEnv } from './env'
import { ApiError } from './errors'

/**
 * Lets through only the operator: `Authorization: Bearer <ADMIN_TOKEN>`. With no token
 * configured, nobody is an admin.
 */
export const requireAdmin = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header('authorization')
  if (!header) throw new ApiError('UNAUTHORIZED', 'admin credentials required')
  const token = header.match(/^Bearer\s+(.+)$/i)?.[1]
  const expected = c.env.ADMIN_TOKEN
  if (!token || !expected || !(await timingSafeEqual(token, expected))) {
    throw new ApiError('UNAUTHORIZED', 'invalid admin credentials')
  }
  await next()
})

async function timingSafeEqual(a: string, b: string) {
  const encoder = new TextEncoder()
  const [da, db] = await Promise.all([
    crypto.subtle.digest('SHA-256', encoder.encode(a)),
    crypto.subtle.digest('SHA-256', encoder.encode(b)),
  ])
  return crypto.subtle.timingSafeEqual(da, db)
}
