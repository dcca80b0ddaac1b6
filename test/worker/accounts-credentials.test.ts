import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import app from '../../worker/app'
import { json, seedDemo } from './helpers'
import {
  basic,
  bearer,
  call,
  makeLegacyKey,
  makeToken,
  makeUser,
  origin,
  uniqueName,
} from './accounts-helpers'

const rpc = (
  prefix: '/v1' | '/api/v1',
  method: string,
  init: { authorization?: string; body?: unknown } = {},
) =>
  call(`${prefix}/${method}`, {
    method: 'POST',
    body: init.body ?? {},
    authorization: init.authorization,
  })

describe('POST /api/v1/account/legacy-key', () => {
  it('answers kaggle.json once; the key works as Basic; a new key replaces the old', async () => {
    const user = await makeUser()
    const res = await call('/api/v1/account/legacy-key', { method: 'POST', session: user.session })
    expect(res.status).toBe(201)
    const first = await json(res)
    expect(Object.keys(first).sort()).toEqual(['key', 'username'])
    expect(first.username).toBe(user.username)
    expect(first.key).toMatch(/^mpk_[\w-]{43}$/)
    expect(
      await json(await call('/api/v1/hello', { authorization: basic(user.username, first.key) })),
    ).toEqual({ userName: user.username })

    const second = await json(
      await call('/api/v1/account/legacy-key', { method: 'POST', session: user.session }),
    )
    expect(second.key).not.toBe(first.key)
    expect(
      (await call('/api/v1/hello', { authorization: basic(user.username, first.key) })).status,
    ).toBe(401)
    expect(
      (await call('/api/v1/hello', { authorization: basic(user.username, second.key) })).status,
    ).toBe(200)
    const list = await json(await call('/api/v1/account/tokens', { session: user.session }))
    expect(list.tokens.filter((t: any) => t.kind === 'legacy')).toHaveLength(1)
    expect(JSON.stringify(list)).not.toContain(second.key)
  })

  it("refuses a key under another user's name", async () => {
    const alice = await makeUser()
    const bob = await makeUser()
    const key = await makeLegacyKey(alice.id)
    const res = await call('/api/v1/hello', { authorization: basic(bob.username, key) })
    expect(res.status).toBe(401)
    expect(await json(res)).toMatchObject({
      code: 401,
      message: 'invalid credentials',
      error: { code: 'UNAUTHORIZED' },
    })
  })
})

describe('access tokens', () => {
  it('creates a token shown once, lists it without the secret, and revokes it', async () => {
    const user = await makeUser()
    const res = await call('/api/v1/account/tokens', {
      session: user.session,
      body: { name: 'laptop', scopes: ['read'], expiresInDays: 7 },
    })
    expect(res.status).toBe(201)
    const created = await json(res)
    expect(created.token).toMatch(/^mpat_[\w-]{43}$/)
    expect(created).toMatchObject({
      name: 'laptop',
      kind: 'access',
      scopes: ['read'],
      prefix: created.token.slice(0, 12),
    })
    expect(Date.parse(created.expireTime) - Date.now()).toBeGreaterThan(6.9 * 86_400_000)

    expect(
      await json(await call('/api/v1/hello', { authorization: bearer(created.token) })),
    ).toEqual({ userName: user.username })
    // the same token also works as the key half of Basic
    expect(
      (await call('/api/v1/hello', { authorization: basic(user.username, created.token) })).status,
    ).toBe(200)

    const list = await json(await call('/api/v1/account/tokens', { session: user.session }))
    const listed = list.tokens.find((t: any) => t.id === created.id)
    expect(listed.lastUsedTime).toBeDefined()
    expect(JSON.stringify(list)).not.toContain(created.token)

    expect(
      (
        await call(`/api/v1/account/tokens/${created.id}`, {
          method: 'DELETE',
          session: user.session,
        })
      ).status,
    ).toBe(204)
    expect((await call('/api/v1/hello', { authorization: bearer(created.token) })).status).toBe(401)
    expect(
      (
        await call(`/api/v1/account/tokens/${created.id}`, {
          method: 'DELETE',
          session: user.session,
        })
      ).status,
    ).toBe(404)
  })

  it.each([
    [{ name: 'x', scopes: ['write'] }],
    [{ name: 'x', scopes: [] }],
    [{ name: 'x', scopes: ['read', 'admin'] }],
    [{ name: '', scopes: ['read'] }],
    [{ name: 'x', scopes: ['read'], expiresInDays: 0 }],
    [{ name: 'x', scopes: ['read'], expiresInDays: 366 }],
  ])('refuses the body %j', async (body) => {
    const user = await makeUser()
    expect((await call('/api/v1/account/tokens', { session: user.session, body })).status).toBe(400)
  })

  it('refuses an expired token', async () => {
    const user = await makeUser()
    const token = await makeToken(user.id, ['read'], new Date(Date.now() - 1000))
    expect((await call('/api/v1/hello', { authorization: bearer(token) })).status).toBe(401)
  })

  it('updates last-used at most once a minute', async () => {
    const user = await makeUser()
    const token = await makeToken(user.id)
    await call('/api/v1/hello', { authorization: bearer(token) })
    const first = await env.DB.prepare('select last_used_at from api_tokens where user_id = ?')
      .bind(user.id)
      .first<{ last_used_at: number }>()
    await new Promise((r) => setTimeout(r, 5))
    await call('/api/v1/hello', { authorization: bearer(token) })
    const second = await env.DB.prepare('select last_used_at from api_tokens where user_id = ?')
      .bind(user.id)
      .first<{ last_used_at: number }>()
    expect(second!.last_used_at).toBe(first!.last_used_at)
  })
})

describe('GET /api/v1/hello and DiagnosticsService/Hello', () => {
  it.each(['/v1', '/api/v1'] as const)(
    'answers {userName} under %s for Basic and Bearer',
    async (prefix) => {
      const user = await makeUser()
      const key = await makeLegacyKey(user.id)
      const token = await makeToken(user.id, ['read'])
      for (const authorization of [basic(user.username, key), bearer(token)]) {
        const res = await rpc(prefix, 'api.v1.DiagnosticsService/Hello', { authorization })
        expect(res.status).toBe(200)
        expect(res.headers.get('content-type')).toMatch(/application\/json/)
        expect(await json(res)).toEqual({ userName: user.username })
      }
    },
  )

  it.each(['/v1', '/api/v1'] as const)(
    'answers a JSON 401 under %s for bad or no credentials',
    async (prefix) => {
      for (const authorization of [basic('bob', 'wrong'), bearer('nope'), undefined]) {
        const res = await rpc(prefix, 'api.v1.DiagnosticsService/Hello', { authorization })
        expect(res.status).toBe(401)
        expect(await json(res)).toMatchObject({
          code: 401,
          message: expect.any(String),
          error: { code: 'UNAUTHORIZED' },
        })
      }
    },
  )

  it('GET /api/v1/hello answers {userName} or a JSON 401', async () => {
    const user = await makeUser()
    const key = await makeLegacyKey(user.id)
    expect(
      await json(await call('/api/v1/hello', { authorization: basic(user.username, key) })),
    ).toEqual({ userName: user.username })
    const res = await call('/api/v1/hello')
    expect(res.status).toBe(401)
    expect(await json(res)).toMatchObject({ code: 401 })
  })

  it('goes through the real entry under /v1', async () => {
    const user = await makeUser()
    const token = await makeToken(user.id)
    const { exports } = await import('cloudflare:workers')
    const res = await (exports as any).default.fetch(
      `${origin}/v1/api.v1.DiagnosticsService/Hello`,
      {
        method: 'POST',
        headers: { authorization: bearer(token), 'content-type': 'application/json' },
        body: '{}',
      },
    )
    expect(await res.json()).toEqual({ userName: user.username })
  })
})

describe('security.OAuthService/IntrospectToken', () => {
  it.each(['/v1', '/api/v1'] as const)(
    'answers active and the username for a live token under %s',
    async (prefix) => {
      const user = await makeUser()
      const token = await makeToken(user.id, ['read'], new Date(Date.now() + 3600_000))
      const res = await rpc(prefix, 'security.OAuthService/IntrospectToken', {
        authorization: bearer(token),
        body: { token },
      })
      expect(res.status).toBe(200)
      expect(await json(res)).toMatchObject({
        active: true,
        username: user.username,
        userId: user.id,
        scope: 'read',
        exp: expect.any(Number),
      })
    },
  )

  it('answers {active: false}, never 401, for unknown, revoked and expired tokens', async () => {
    const user = await makeUser()
    const expired = await makeToken(user.id, ['read'], new Date(Date.now() - 1000))
    for (const token of ['nope', expired]) {
      const res = await rpc('/v1', 'security.OAuthService/IntrospectToken', {
        authorization: bearer(token),
        body: { token },
      })
      expect(res.status).toBe(200)
      expect(await json(res)).toEqual({ active: false })
    }
  })
})

describe('credentials on other routes', () => {
  it('answers 401 in the envelope for bad credentials on any /api/v1 route', async () => {
    for (const path of [
      '/api/v1/health',
      '/api/v1/models/list',
      '/api/v1/owners/demo',
      '/api/v1/nothing-here',
    ]) {
      for (const authorization of [
        basic('bob', 'wrong'),
        bearer('nope'),
        'Digest abc',
        'Basic !!!',
        'Bearer',
      ]) {
        const res = await call(path, { authorization })
        expect(res.status, `${path} ${authorization}`).toBe(401)
        expect(await json(res)).toMatchObject({ code: 401, error: { code: 'UNAUTHORIZED' } })
      }
    }
  })

  it('lets anonymous reads through', async () => {
    expect((await call('/api/v1/health')).status).toBe(200)
  })

  it('ignores Authorization on the download targets', async () => {
    await seedDemo()
    for (const path of [
      '/api/v1/files/demo/blazeface/tfJs/default/1/model.json',
      '/api/v1/archives/demo/blazeface/tfJs/default/1',
    ]) {
      const res = await call(path, { authorization: basic('bob', 'wrong') })
      expect(res.status, path).toBe(200)
      await res.body?.cancel()
    }
  })

  it('keeps the operator token working on the admin routes', async () => {
    const res = await call('/api/v1/admin/sync/runs', { authorization: 'Bearer test-admin-token' })
    expect(res.status).toBe(200)
  })
})

describe('POST /api/v1/admin/users', () => {
  it('creates an account for the operator and answers a legacy key', async () => {
    const username = uniqueName()
    const res = await call('/api/v1/admin/users', {
      authorization: 'Bearer test-admin-token',
      body: { username, email: `${username}@example.test`, admin: true },
    })
    expect(res.status).toBe(201)
    const body = await json(res)
    expect(body).toEqual({ username, key: expect.stringMatching(/^mpk_/) })
    expect(
      await json(await call('/api/v1/auth/me', { authorization: basic(username, body.key) })),
    ).toMatchObject({ username, isAdmin: true })
    // without a password nobody can sign in with one
    expect(
      (await call('/api/v1/auth/signin', { body: { username, password: 'anything at all' } }))
        .status,
    ).toBe(401)
  })

  it('refuses anonymous callers and non-admin users', async () => {
    const user = await makeUser()
    const token = await makeToken(user.id)
    const body = { username: uniqueName(), email: `${uniqueName()}@example.test` }
    expect((await call('/api/v1/admin/users', { body })).status).toBe(401)
    expect((await call('/api/v1/admin/users', { body, authorization: bearer(token) })).status).toBe(
      403,
    )
  })

  it('answers 409 for a taken username', async () => {
    const user = await makeUser()
    const res = await call('/api/v1/admin/users', {
      authorization: 'Bearer test-admin-token',
      body: { username: user.username, email: `${uniqueName()}@example.test` },
    })
    expect(res.status).toBe(409)
  })
})

describe('scopes', () => {
  it('a read-only token reads the account but cannot change credentials', async () => {
    const user = await makeUser()
    const token = await makeToken(user.id, ['read'])
    expect((await call('/api/v1/account/tokens', { authorization: bearer(token) })).status).toBe(
      200,
    )
    const res = await call('/api/v1/account/tokens', {
      authorization: bearer(token),
      body: { name: 'more', scopes: ['read'] },
    })
    expect(res.status).toBe(403)
    expect(await json(res)).toMatchObject({ code: 403, error: { code: 'FORBIDDEN' } })
  })

  it('even a read-write token cannot mint credentials: that needs a browser session', async () => {
    const user = await makeUser()
    const token = await makeToken(user.id, ['read', 'write'])
    expect(
      (await call('/api/v1/account/legacy-key', { method: 'POST', authorization: bearer(token) }))
        .status,
    ).toBe(403)
  })
})

it('the app answers unknown /v1 paths with the JSON 404', async () => {
  const res = await app.request(`${origin}/v1/nothing.Service/Nope`, { method: 'POST' }, env)
  expect(res.status).toBe(404)
  expect(await json(res)).toMatchObject({ code: 404 })
})
