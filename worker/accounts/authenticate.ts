// Finds the caller of a request: the operator token, an API credential (Bearer, or Basic
// username:key as in kaggle.json), a session cookie, or nobody.
import { createMiddleware } from 'hono/factory'
import type { Context } from 'hono'
import { findApiToken, touchApiToken } from '../../db/queries/api-tokens'
import { findSession, touchSession } from '../../db/queries/sessions'
import { getAccountUser } from '../../db/queries/users'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { sha256Hex, timingSafeEqualText } from './crypto'
import type { Actor, Scope } from './actor'
import {
  clearSessionCookie,
  readSessionCookie,
  refreshSessionCookie,
  sessionTouchMs,
  sessionTtlMs,
} from './session'

// last-used times are written at most once a minute per token
const tokenTouchMs = 60_000

/**
 * Paths that never look at credentials: the download targets (a legacy client resumes with
 * Basic, which must not matter, docs/accounts.md), the upload target (its token is the
 * capability, docs/publishing.md) and IntrospectToken, whose Authorization header is the very
 * token it is asked about.
 */
export function ignoresCredentials(path: string) {
  return (
    path.startsWith('/api/v1/files/') ||
    path.startsWith('/api/v1/archives/') ||
    path.startsWith('/api/v1/uploads/') ||
    path.endsWith('/security.OAuthService/IntrospectToken')
  )
}

const invalid = () => new ApiError('UNAUTHORIZED', 'invalid credentials')

/** The user an API token or key belongs to, if it is live; records its use. */
export async function actorOfApiToken(c: Context<AppEnv>, secret: string, username?: string) {
  const found = await findApiToken(c.var.db, await sha256Hex(secret))
  const now = new Date()
  if (!found || found.token.revokedAt || (found.token.expiresAt && found.token.expiresAt <= now))
    return undefined
  if (username !== undefined && username.toLowerCase() !== found.user.username.toLowerCase())
    return undefined
  if (!found.token.lastUsedAt || now.getTime() - found.token.lastUsedAt.getTime() > tokenTouchMs) {
    await touchApiToken(c.var.db, found.token.id, now)
  }
  const scopes = found.token.scopes
    .split(',')
    .filter((s): s is Scope => s === 'read' || s === 'write')
  return {
    actor: {
      kind: 'user',
      user: found.user,
      via: 'token',
      tokenId: found.token.id,
      scopes,
    } satisfies Actor,
    token: found.token,
  }
}

async function actorOfHeader(c: Context<AppEnv>, header: string): Promise<Actor> {
  const [, scheme, value] = header.match(/^\s*(\S+)\s+(\S+)\s*$/) ?? []
  if (!scheme || !value) throw invalid()
  if (scheme.toLowerCase() === 'bearer') {
    if (c.env.ADMIN_TOKEN && (await timingSafeEqualText(value, c.env.ADMIN_TOKEN)))
      return { kind: 'operator' }
    const found = await actorOfApiToken(c, value)
    if (!found) throw invalid()
    return found.actor
  }
  if (scheme.toLowerCase() === 'basic') {
    let decoded: string
    try {
      decoded = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(
        Uint8Array.from(atob(value), (ch) => ch.charCodeAt(0)),
      )
    } catch {
      throw invalid()
    }
    // split at the first ':': the key may hold any character, the username cannot hold ':'
    const colon = decoded.indexOf(':')
    if (colon < 1) throw invalid()
    const found = await actorOfApiToken(c, decoded.slice(colon + 1), decoded.slice(0, colon))
    if (!found) throw invalid()
    return found.actor
  }
  throw invalid()
}

async function actorOfCookie(c: Context<AppEnv>, token: string): Promise<Actor> {
  const now = new Date()
  const session = await findSession(c.var.db, await sha256Hex(token), now)
  const user = session && (await getAccountUser(c.var.db, session.userId))
  if (!session || !user) {
    // an expired or revoked session is no error on a read: the visitor is simply signed out
    clearSessionCookie(c)
    return { kind: 'anonymous' }
  }
  if (now.getTime() - session.lastSeenAt.getTime() > sessionTouchMs) {
    const expiresAt = new Date(now.getTime() + sessionTtlMs)
    await touchSession(c.var.db, session.id, now, expiresAt)
    refreshSessionCookie(c, token, expiresAt)
  }
  return { kind: 'user', user, via: 'session', sessionId: session.id, scopes: ['read', 'write'] }
}

/**
 * The caller of a page (worker/routes/pages.ts): a navigation carries the session cookie and no
 * Authorization header, so only the cookie counts; no cookie, or a stale one, is signed out.
 */
export async function pageActor(c: Context<AppEnv>): Promise<Actor> {
  const cookie = readSessionCookie(c)
  return cookie === undefined ? { kind: 'anonymous' } : actorOfCookie(c, cookie)
}

/**
 * Sets `c.var.actor`. Present but bad credentials answer 401 on every route, except the paths
 * of `ignoresCredentials`; a bad session cookie counts as signed out.
 */
export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  let actor: Actor = { kind: 'anonymous' }
  if (!ignoresCredentials(c.req.path)) {
    const header = c.req.header('authorization')
    const cookie = header === undefined ? readSessionCookie(c) : undefined
    if (header !== undefined) actor = await actorOfHeader(c, header)
    else if (cookie !== undefined) actor = await actorOfCookie(c, cookie)
  }
  c.set('actor', actor)
  await next()
})
