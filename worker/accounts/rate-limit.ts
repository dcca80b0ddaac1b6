// Sign-in rate limits in D1, in fixed windows. Per client IP every attempt counts; per account
// only failures count, and a locked account unlocks when its window ends, so a stranger's
// guesses delay the owner by at most one window.
import { attemptsIn, countAttempt } from '../../db/queries/auth-attempts'
import type { Db } from '../../db/client'
import { ApiError } from '../errors'
import { sha256Hex } from './crypto'

export const signInLimits = {
  ip: { max: 30, windowSeconds: 600 },
  account: { max: 10, windowSeconds: 900 },
} as const

const windowOf = (now: number, seconds: number) => Math.floor(now / 1000 / seconds) * seconds

function tooMany(windowStart: number, seconds: number, now: number, what: string) {
  const retryAfter = Math.max(1, windowStart + seconds - Math.floor(now / 1000))
  return new ApiError(
    'TOO_MANY_REQUESTS',
    `too many sign-in attempts ${what}; retry in ${retryAfter} s`,
    undefined,
    {
      'retry-after': String(retryAfter),
    },
  )
}

// keys are hashed: the table holds no IP address and no email
const ipKey = (ip: string) => sha256Hex(`ip:${ip}`)
const accountKey = (account: string) => sha256Hex(`account:${account}`)

/** Counts an attempt from this IP; 429 past the limit. Signing up counts too (it costs a hash). */
export async function countIpAttempt(db: Db, ip: string, now = Date.now()) {
  const { max, windowSeconds } = signInLimits.ip
  const start = windowOf(now, windowSeconds)
  if ((await countAttempt(db, await ipKey(ip), start)) > max)
    throw tooMany(start, windowSeconds, now, 'from this address')
}

/** 429 when the account (`user:<id>`, or `login:<name>` for an unknown one) failed too often in its window. */
export async function checkAccountFailures(db: Db, account: string, now = Date.now()) {
  const { max, windowSeconds } = signInLimits.account
  const start = windowOf(now, windowSeconds)
  if ((await attemptsIn(db, await accountKey(account), start)) >= max)
    throw tooMany(start, windowSeconds, now, 'for this account')
}

export async function countAccountFailure(db: Db, account: string, now = Date.now()) {
  await countAttempt(
    db,
    await accountKey(account),
    windowOf(now, signInLimits.account.windowSeconds),
  )
}

/** The client's address as Cloudflare reports it; 'unknown' locally without the header. */
export const clientIp = (header: string | undefined) => header ?? 'unknown'
