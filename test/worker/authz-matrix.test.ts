// The authorization matrix, generated from the app's route table: every mutating route must
// declare its action (`authorize(action)`, worker/accounts/permissions.ts) and have a fixture
// here; each kind of caller must then get the status the permission table implies, in the
// error envelope when refused. A new mutating route without both fails this file.
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import app from '../../worker/app'
import { revokeApiToken } from '../../db/queries/api-tokens'
import { ignoresCredentials } from '../../worker/accounts/authenticate'
import { sha256Hex } from '../../worker/accounts/crypto'
import { decide, permissions, type Action, type Actor } from '../../worker/accounts/permissions'
import { db, json, seedDemo } from './helpers'
import {
  bearer,
  call,
  makeSession,
  makeToken,
  makeUser,
  password,
  uniqueName,
} from './accounts-helpers'

type User = Awaited<ReturnType<typeof makeUser>>

// the catalog's RPC reads answer about a demo model
beforeAll(async () => {
  await seedDemo()
})

const callers = [
  'anonymous',
  'other user',
  'owner',
  'organization member',
  'admin',
  'operator',
  'revoked token',
  'expired session',
  'read-only token',
  'read-write token',
] as const
type Caller = (typeof callers)[number]

interface Case {
  path: string
  body?: unknown
  /** the status when the caller is allowed */
  ok: number
}

/**
 * How to call each route: `owner` owns the resource the route acts on, `actor` is the user
 * calling (undefined for anonymous and the operator). Routes under an 'owner' rule must give a
 * resource that `owner` and the organization member may both act for (one of their organization).
 */
const fixtures: Record<string, (owner: User, actor: User | undefined) => Promise<Case>> = {
  'POST /api/v1/auth/signup': async () => {
    const username = uniqueName()
    return {
      path: '/api/v1/auth/signup',
      body: { username, displayName: 'M', email: `${username}@example.test`, password },
      ok: 201,
    }
  },
  'POST /api/v1/auth/signin': async (owner) => ({
    path: '/api/v1/auth/signin',
    body: { username: owner.username, password },
    ok: 200,
  }),
  'POST /api/v1/auth/signout': async () => ({ path: '/api/v1/auth/signout', ok: 204 }),
  'POST /api/v1/auth/signout-everywhere': async () => ({
    path: '/api/v1/auth/signout-everywhere',
    ok: 204,
  }),
  'POST /api/v1/auth/password': async () => ({
    path: '/api/v1/auth/password',
    body: { currentPassword: password, newPassword: 'a new long password' },
    ok: 204,
  }),
  'DELETE /api/v1/account/sessions/:id': async (owner, actor) => {
    // a second session of the owner's: its owner may end it, anyone else finds no such session
    const token = await makeSession(owner.id)
    const found = await env.DB.prepare('select id from sessions where token_hash = ?')
      .bind(await sha256Hex(token))
      .first<{ id: string }>()
    return { path: `/api/v1/account/sessions/${found!.id}`, ok: actor?.id === owner.id ? 204 : 404 }
  },
  'POST /api/v1/account/legacy-key': async () => ({ path: '/api/v1/account/legacy-key', ok: 201 }),
  'POST /api/v1/account/tokens': async () => ({
    path: '/api/v1/account/tokens',
    body: { name: 'm', scopes: ['read'] },
    ok: 201,
  }),
  'DELETE /api/v1/account/tokens/:id': async (owner, actor) => {
    const token = await makeToken(owner.id)
    const found = await env.DB.prepare('select id from api_tokens where prefix = ?')
      .bind(token.slice(0, 12))
      .first<{ id: number }>()
    return { path: `/api/v1/account/tokens/${found!.id}`, ok: actor?.id === owner.id ? 204 : 404 }
  },
  'POST /api/v1/api.v1.DiagnosticsService/Hello': async () => ({
    path: '/api/v1/api.v1.DiagnosticsService/Hello',
    body: {},
    ok: 200,
  }),
  'POST /v1/api.v1.DiagnosticsService/Hello': async () => ({
    path: '/v1/api.v1.DiagnosticsService/Hello',
    body: {},
    ok: 200,
  }),
  'POST /api/v1/security.OAuthService/IntrospectToken': async () => ({
    path: '/api/v1/security.OAuthService/IntrospectToken',
    body: { token: 'nope' },
    ok: 200,
  }),
  'POST /v1/security.OAuthService/IntrospectToken': async () => ({
    path: '/v1/security.OAuthService/IntrospectToken',
    body: { token: 'nope' },
    ok: 200,
  }),
  ...catalogRpcFixtures(),
  'POST /api/v1/admin/users': async () => {
    const username = uniqueName()
    return {
      path: '/api/v1/admin/users',
      body: { username, email: `${username}@example.test` },
      ok: 201,
    }
  },
  // an unknown trigger is refused by validation, after authorization: no sync runs
  'POST /api/v1/admin/sync/tfhub': async () => ({
    path: '/api/v1/admin/sync/tfhub?trigger=nope',
    ok: 400,
  }),
  'POST /api/v1/admin/search/snapshot': async () => ({
    path: '/api/v1/admin/search/snapshot',
    ok: 200,
  }),
  'POST /api/v1/admin/seed/demo': async () => ({ path: '/api/v1/admin/seed/demo', ok: 200 }),
}

/** Kaggle's RPC reads of the catalog (worker/rpc/model-api.ts), under both prefixes. */
function catalogRpcFixtures() {
  const variation = {
    ownerSlug: 'demo',
    modelSlug: 'blazeface',
    framework: 'MODEL_FRAMEWORK_TF_JS',
    instanceSlug: 'default',
  }
  const methods: Record<string, { body: unknown; ok: number }> = {
    GetModel: { body: { ownerSlug: 'demo', modelSlug: 'blazeface' }, ok: 200 },
    ListModels: {
      body: { search: '', sortBy: 'LIST_MODELS_ORDER_BY_HOTNESS', pageSize: 2 },
      ok: 200,
    },
    GetModelInstance: { body: variation, ok: 200 },
    ListModelInstances: { body: { ownerSlug: 'demo', modelSlug: 'blazeface' }, ok: 200 },
    ListModelInstanceVersions: { body: variation, ok: 200 },
    ListModelInstanceVersionFiles: { body: { ...variation, versionNumber: 1 }, ok: 200 },
    DownloadModelInstanceVersion: {
      body: { ...variation, versionNumber: 1, path: 'model.json' },
      ok: 302,
    },
  }
  const fixtures: Record<string, () => Promise<Case>> = {}
  for (const prefix of ['/v1', '/api/v1'])
    for (const [method, { body, ok }] of Object.entries(methods)) {
      const path = `${prefix}/models.ModelApiService/${method}`
      fixtures[`POST ${path}`] = async () => ({ path, body, ok })
    }
  return fixtures
}

const mutating = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** Every mutating method and path of the app, from Hono's route table. */
function mutatingRoutes() {
  const keys = new Set(
    app.routes.filter((r) => mutating.has(r.method)).map((r) => `${r.method} ${r.path}`),
  )
  return [...keys].map((key) => {
    const [method, path] = key.split(' ') as [string, string]
    return { key, method, path }
  })
}

/** The action a route declares: an `authorize` middleware on it, or on a `/*` prefix over it. */
function actionOf(method: string, path: string): Action | undefined {
  for (const r of app.routes) {
    if (r.method !== method && r.method !== 'ALL') continue
    const covers =
      r.path === path || (r.path.endsWith('/*') && path.startsWith(r.path.slice(0, -1)))
    const action = (r.handler as { action?: Action }).action
    if (covers && action) return action
  }
  return undefined
}

/** The caller as authenticate would see it, for the permission table's decision. */
function actorOf(caller: Caller, user: User | undefined): Actor {
  const scopes = caller === 'read-only token' ? (['read'] as const) : (['read', 'write'] as const)
  if (
    caller === 'anonymous' ||
    caller === 'expired session' ||
    caller === 'revoked token' ||
    !user
  ) {
    return caller === 'operator' ? { kind: 'operator' } : { kind: 'anonymous' }
  }
  const via = caller.endsWith('token')
    ? { via: 'token' as const, tokenId: 0 }
    : { via: 'session' as const, sessionId: '' }
  return { kind: 'user', user, scopes, ...via } as Actor
}

function expectedStatus(
  caller: Caller,
  action: Action,
  path: string,
  user: User | undefined,
  ok: number,
) {
  if (caller === 'revoked token' && !ignoresCredentials(path.split('?')[0]!)) return 401
  const actsForOwner =
    caller === 'owner' ||
    caller === 'organization member' ||
    caller === 'read-only token' ||
    caller === 'read-write token'
  const decision = decide(actorOf(caller, user), permissions[action], actsForOwner)
  return decision === 'allow' ? ok : decision === 'unauthenticated' ? 401 : 403
}

async function credentialsOf(caller: Caller, owner: User) {
  switch (caller) {
    case 'anonymous':
      return { user: undefined, options: {} }
    case 'operator':
      return { user: undefined, options: { authorization: 'Bearer test-admin-token' } }
    case 'owner':
      return { user: owner, options: { session: owner.session } }
    case 'other user': {
      const other = await makeUser()
      return { user: other, options: { session: other.session } }
    }
    case 'organization member': {
      const member = await makeUser()
      const org = uniqueName('org')
      await env.DB.prepare(
        `insert into owners (slug, kind, display_name, source) values (?, 'organization', ?, 'local')`,
      )
        .bind(org, org)
        .run()
      await env.DB.prepare(
        `insert into organization_members (organization_id, user_id, role) values ((select id from owners where slug = ?), ?, 'member')`,
      )
        .bind(org, member.id)
        .run()
      return { user: member, options: { session: member.session } }
    }
    case 'admin': {
      const admin = await makeUser({ admin: true })
      return { user: admin, options: { session: admin.session } }
    }
    case 'revoked token': {
      const token = await makeToken(owner.id)
      const found = await env.DB.prepare('select id from api_tokens where prefix = ?')
        .bind(token.slice(0, 12))
        .first<{ id: number }>()
      await revokeApiToken(db(), owner.id, found!.id, new Date())
      return { user: owner, options: { authorization: bearer(token) } }
    }
    case 'expired session':
      return {
        user: owner,
        options: { session: await makeSession(owner.id, new Date(Date.now() - 1000)) },
      }
    case 'read-only token':
      return {
        user: owner,
        options: { authorization: bearer(await makeToken(owner.id, ['read'])) },
      }
    case 'read-write token':
      return {
        user: owner,
        options: { authorization: bearer(await makeToken(owner.id, ['read', 'write'])) },
      }
  }
}

describe('the route table', () => {
  it('has mutating routes', () => {
    expect(mutatingRoutes().length).toBeGreaterThan(10)
  })

  it.each(mutatingRoutes().map((r) => [r.key]))(
    '%s declares an action and has a fixture',
    (key) => {
      const [method, path] = key.split(' ') as [string, string]
      expect(actionOf(method, path), `${key} has no authorize(action)`).toBeDefined()
      expect(fixtures[key], `${key} has no fixture in authz-matrix.test.ts`).toBeDefined()
    },
  )

  it('has no fixture for a route that is gone', () => {
    const keys = new Set(mutatingRoutes().map((r) => r.key))
    expect(Object.keys(fixtures).filter((k) => !keys.has(k))).toEqual([])
  })
})

describe.each(mutatingRoutes().map((r) => [r.key, r]))('%s', (_key, route) => {
  it.each(callers.map((c) => [c]))('as %s', async (caller) => {
    const action = actionOf(route.method, route.path)
    const fixture = fixtures[route.key]
    if (!action || !fixture) return // reported by 'the route table'
    const owner = await makeUser()
    const { user, options } = await credentialsOf(caller, owner)
    const sample = await fixture(owner, user)
    const res = await call(sample.path, {
      method: route.method,
      ...options,
      ...(sample.body !== undefined ? { body: sample.body } : {}),
      headers: { 'cf-connecting-ip': uniqueName('ip') },
    })
    const expected = expectedStatus(caller, action, sample.path, user, sample.ok)
    expect(res.status, `${caller} on ${route.key} (${action}): ${await res.clone().text()}`).toBe(
      expected,
    )
    if (expected === 401 || expected === 403) {
      expect(await json(res)).toMatchObject({
        code: expected,
        message: expect.any(String),
        error: {
          code: expected === 401 ? 'UNAUTHORIZED' : 'FORBIDDEN',
          message: expect.any(String),
        },
      })
    } else {
      await res.body?.cancel()
    }
  })
})

// The matrix above derives its expectations from the same table the middleware reads; these
// cells are written out by hand, so a wrong rule in the table shows up here too.
describe('the permission table', () => {
  const user = {
    id: 1,
    ownerId: 1,
    username: 'u',
    displayName: 'U',
    email: 'u@x.test',
    isAdmin: false,
  }
  const session: Actor = {
    kind: 'user',
    user,
    via: 'session',
    sessionId: 's',
    scopes: ['read', 'write'],
  }
  const readToken: Actor = { kind: 'user', user, via: 'token', tokenId: 1, scopes: ['read'] }
  const writeToken: Actor = {
    kind: 'user',
    user,
    via: 'token',
    tokenId: 1,
    scopes: ['read', 'write'],
  }
  const admin: Actor = { ...session, user: { ...user, isAdmin: true } } as Actor
  it.each([
    ['auth.signup', { kind: 'anonymous' }, 'allow'],
    ['account.credentials', { kind: 'anonymous' }, 'unauthenticated'],
    ['account.credentials', writeToken, 'forbidden'],
    ['account.credentials', session, 'allow'],
    ['account.read', readToken, 'allow'],
    ['identity.hello', { kind: 'operator' }, 'forbidden'],
    ['admin.write', session, 'forbidden'],
    ['admin.write', admin, 'allow'],
    ['admin.write', { kind: 'operator' }, 'allow'],
    ['admin.write', { ...readToken, user: { ...user, isAdmin: true } }, 'forbidden'],
    ['owner.write', writeToken, 'forbidden'],
    ['catalog.read', { kind: 'anonymous' }, 'allow'],
    ['catalog.private', { kind: 'anonymous' }, 'unauthenticated'],
    ['catalog.private', readToken, 'forbidden'],
  ] as [Action, Actor, string][])('%s for %j: %s', (action, actor, decision) => {
    expect(decide(actor, permissions[action])).toBe(decision)
  })

  it('catalog.private: whoever may act for the owner, with read scope, or an admin', () => {
    expect(decide(readToken, permissions['catalog.private'], true)).toBe('allow')
    expect(decide(admin, permissions['catalog.private'], false)).toBe('allow')
    expect(decide({ kind: 'operator' }, permissions['catalog.private'])).toBe('allow')
  })

  it('owner.write: the owner or an organization member with write scope, or an admin', () => {
    expect(decide(writeToken, permissions['owner.write'], true)).toBe('allow')
    expect(decide(readToken, permissions['owner.write'], true)).toBe('forbidden')
    expect(decide(admin, permissions['owner.write'], false)).toBe('allow')
  })
})
