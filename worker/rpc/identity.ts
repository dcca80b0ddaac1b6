// The two identity methods of Kaggle's RPC clients (docs/accounts.md, "API credentials"),
// in the RPC method table (worker/rpc/dispatch.ts).
import type { Context } from 'hono'
import { z } from 'zod'
import { actorOfApiToken } from '../accounts/authenticate'
import { currentUser } from '../accounts/permissions'
import type { AppEnv } from '../env'
import type { RpcMethod } from './method'

/** kagglehub ≥ 0.4 whoami()/login(): `{userName}`, or a JSON 401 (the envelope has `code: 401`). */
async function hello(c: Context<AppEnv>) {
  return c.json({ userName: currentUser(c).user.username }, 200)
}

const introspectBody = z.object({ token: z.string().max(512).optional() }).catch({})

/**
 * The kaggle CLI validates an access token with this before using it. It bypasses
 * authentication (worker/accounts/authenticate.ts) and never answers 401: a token that is not
 * live is `{active: false}`.
 */
async function introspectToken(c: Context<AppEnv>) {
  const body = introspectBody.parse(await c.req.json().catch(() => ({})))
  const token = body.token || c.req.header('authorization')?.match(/^\s*Bearer\s+(\S+)\s*$/i)?.[1]
  const found = token ? await actorOfApiToken(c, token) : undefined
  if (!found) return c.json({ active: false }, 200)
  return c.json(
    {
      active: true,
      username: found.actor.user.username,
      userId: found.actor.user.id,
      scope: found.actor.scopes.join(' '),
      ...(found.token.expiresAt ? { exp: Math.floor(found.token.expiresAt.getTime() / 1000) } : {}),
    },
    200,
  )
}

export const identityMethods: Record<string, RpcMethod> = {
  'api.v1.DiagnosticsService/Hello': { action: 'identity.hello', handler: hello },
  'security.OAuthService/IntrospectToken': {
    action: 'identity.introspect',
    handler: introspectToken,
  },
}
