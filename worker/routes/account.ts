// The signed-in user's sessions and API credentials. Mounted at /api/v1/account.
import { Hono } from 'hono'
import { z } from 'zod'
import { listApiTokens, revokeApiToken, type ApiTokenRow } from '../../db/queries/api-tokens'
import { deleteSession, listSessions } from '../../db/queries/sessions'
import { issueAccessToken, issueLegacyKey } from '../accounts/credentials'
import { authorize, currentUser } from '../accounts/permissions'
import { clearSessionCookie } from '../accounts/session'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { jsonBody } from '../validate'

const createTokenBody = z.object({
  name: z.string().trim().min(1).max(100),
  // write without read makes no sense for an API whose writes read first
  scopes: z.union([z.tuple([z.literal('read')]), z.tuple([z.literal('read'), z.literal('write')])]),
  expiresInDays: z.number().int().min(1).max(365).default(90),
})

interface ApiTokenInfo {
  id: number
  kind: 'legacy' | 'access'
  name: string
  prefix: string
  scopes: string[]
  createTime: string
  expireTime?: string
  lastUsedTime?: string
}

const toTokenInfo = (t: ApiTokenRow): ApiTokenInfo => ({
  id: t.id,
  kind: t.kind,
  name: t.name,
  prefix: t.prefix,
  scopes: t.scopes.split(','),
  createTime: t.createdAt.toISOString(),
  ...(t.expiresAt ? { expireTime: t.expiresAt.toISOString() } : {}),
  ...(t.lastUsedAt ? { lastUsedTime: t.lastUsedAt.toISOString() } : {}),
})

const account = new Hono<AppEnv>()
  .get('/sessions', authorize('account.read'), async (c) => {
    const actor = currentUser(c)
    const rows = await listSessions(c.var.db, actor.user.id, new Date())
    const sessions = rows.map((s) => ({
      id: s.id,
      userAgent: s.userAgent,
      createTime: s.createdAt.toISOString(),
      lastSeenTime: s.lastSeenAt.toISOString(),
      expireTime: s.expiresAt.toISOString(),
      current: actor.via === 'session' && actor.sessionId === s.id,
    }))
    return c.json({ sessions }, 200)
  })
  .delete('/sessions/:id', authorize('account.credentials'), async (c) => {
    const actor = currentUser(c)
    const id = c.req.param('id')
    if (!(await deleteSession(c.var.db, actor.user.id, id)))
      throw new ApiError('NOT_FOUND', 'no such session')
    if (actor.via === 'session' && actor.sessionId === id) clearSessionCookie(c)
    return c.body(null, 204)
  })
  .post('/legacy-key', authorize('account.credentials'), async (c) => {
    const { user } = currentUser(c)
    // the shape of kaggle.json
    return c.json({ username: user.username, key: await issueLegacyKey(c.var.db, user.id) }, 201)
  })
  .get('/tokens', authorize('account.read'), async (c) => {
    const rows = await listApiTokens(c.var.db, currentUser(c).user.id)
    return c.json({ tokens: rows.map(toTokenInfo) }, 200)
  })
  .post('/tokens', authorize('account.credentials'), jsonBody(createTokenBody), async (c) => {
    const { name, scopes, expiresInDays } = c.req.valid('json')
    const expiresAt = new Date(Date.now() + expiresInDays * 86_400_000)
    const { token, row } = await issueAccessToken(c.var.db, {
      userId: currentUser(c).user.id,
      name,
      scopes: [...scopes],
      expiresAt,
    })
    return c.json({ ...toTokenInfo(row), token }, 201)
  })
  .delete('/tokens/:id', authorize('account.credentials'), async (c) => {
    const id = Number(c.req.param('id'))
    if (
      !Number.isSafeInteger(id) ||
      !(await revokeApiToken(c.var.db, currentUser(c).user.id, id, new Date()))
    ) {
      throw new ApiError('NOT_FOUND', 'no such token')
    }
    return c.body(null, 204)
  })

export default account
