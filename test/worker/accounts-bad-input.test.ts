// Bad bodies on every account route that writes: a 400 in the error envelope, and nothing changed.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { json } from './helpers'
import { bearer, call, makeUser, password, uniqueName } from './accounts-helpers'

const adminToken = (env as unknown as { ADMIN_TOKEN: string }).ADMIN_TOKEN

async function expectBadRequest(res: Response) {
  expect(res.status).toBe(400)
  const body = await json(res)
  expect(body.code).toBe(400)
  expect(body.error.code).toBe('BAD_REQUEST')
  expect(typeof body.error.message).toBe('string')
}

describe('account routes refuse bad bodies and change nothing', () => {
  it('POST /account/tokens: bad name, scopes and expiry', async () => {
    const user = await makeUser()
    const bodies = [
      {},
      { name: '', scopes: ['read'] },
      { name: 'x'.repeat(101), scopes: ['read'] },
      { name: 'ci', scopes: ['write'] },
      { name: 'ci', scopes: ['read', 'admin'] },
      { name: 'ci', scopes: 'read' },
      { name: 'ci', scopes: ['read'], expiresInDays: 0 },
      { name: 'ci', scopes: ['read'], expiresInDays: 366 },
      { name: 'ci', scopes: ['read'], expiresInDays: 1.5 },
      [],
    ]
    for (const body of bodies) {
      await expectBadRequest(await call('/api/v1/account/tokens', { body, session: user.session }))
    }
    const list = await json(await call('/api/v1/account/tokens', { session: user.session }))
    expect(list.tokens).toEqual([])
  })

  it('POST /auth/signup: bad usernames, emails, names and passwords', async () => {
    const good = {
      username: uniqueName(),
      displayName: 'Ada',
      email: `${uniqueName()}@example.com`,
      password,
    }
    const bodies = [
      { ...good, username: 'Ab' },
      { ...good, username: '<script>' },
      { ...good, username: 'a'.repeat(21) },
      { ...good, email: 'not-an-email' },
      { ...good, displayName: '' },
      { ...good, password: 'short' },
      { ...good, password: 12345678901 },
      { username: good.username },
    ]
    for (const body of bodies) {
      await expectBadRequest(await call('/api/v1/auth/signup', { body }))
    }
    const signIn = await call('/api/v1/auth/signin', {
      body: { username: good.username, password },
    })
    expect(signIn.status).toBe(401)
  })

  it('POST /auth/password: bad bodies keep the old password', async () => {
    const user = await makeUser()
    const bodies = [
      {},
      { currentPassword: password },
      { currentPassword: password, newPassword: 'short' },
    ]
    for (const body of bodies) {
      await expectBadRequest(await call('/api/v1/auth/password', { body, session: user.session }))
    }
    const signIn = await call('/api/v1/auth/signin', {
      body: { username: user.username, password },
    })
    expect(signIn.status).toBe(200)
  })

  it('POST /admin/users: bad bodies create no account', async () => {
    const username = uniqueName()
    const bodies = [
      { username, email: 'nope' },
      { username: 'Bad Name', email: `${username}@example.com` },
      { username, email: `${username}@example.com`, password: 'short' },
      { username, email: `${username}@example.com`, admin: 'yes' },
    ]
    for (const body of bodies) {
      await expectBadRequest(
        await call('/api/v1/admin/users', { body, authorization: bearer(adminToken) }),
      )
    }
    const signIn = await call('/api/v1/auth/signin', { body: { username, password } })
    expect(signIn.status).toBe(401)
  })
})
