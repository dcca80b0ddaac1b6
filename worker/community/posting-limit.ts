// How often a user may post, in D1 fixed windows (the table and counting of the sign-in limits,
// worker/accounts/rate-limit.ts): exact, where the Workers Rate Limiting binding is per location.
import { countAttempt } from '../../db/queries/auth-attempts'
import type { Db } from '../../db/client'
import { sha256Hex } from '../accounts/crypto'
import { ApiError } from '../errors'

export const postingLimits = {
  // topics and replies
  post: { max: 20, windowSeconds: 600, what: 'posts' },
  report: { max: 30, windowSeconds: 3600, what: 'reports' },
  suggestion: { max: 10, windowSeconds: 3600, what: 'suggestions' },
} as const

/** Counts one action of the user; 429 with Retry-After past the limit. */
export async function countPosting(
  db: Db,
  userId: number,
  kind: keyof typeof postingLimits,
  now = Date.now(),
) {
  const { max, windowSeconds, what } = postingLimits[kind]
  const start = Math.floor(now / 1000 / windowSeconds) * windowSeconds
  const count = await countAttempt(db, await sha256Hex(`${kind}:user:${userId}`), start)
  if (count > max) {
    const retryAfter = Math.max(1, start + windowSeconds - Math.floor(now / 1000))
    throw new ApiError(
      'TOO_MANY_REQUESTS',
      `too many ${what}: at most ${max} per ${windowSeconds / 60} minutes; retry in ${retryAfter} s`,
      undefined,
      { 'retry-after': String(retryAfter) },
    )
  }
}
