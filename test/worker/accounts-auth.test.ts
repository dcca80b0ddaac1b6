import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import app from '../../worker/app'
import { hashPassword, pbkdf2Iterations, verifyPassword } from '../../worker/accounts/password'
import { getPasswordHash, setPasswordHash } from '../../db/queries/users'
import { db, json } from './helpers'
import { call, makeUser, origin, password, sessionFrom, uniqueName } from './accounts-helpers'

const signUpBody = (username = uniqueName()) => ({
  username,
  displayName: 'Ada Lovelace',
  email: `${username}@Example.test`,
  password: 'a long enough password',
})

describe('password hashing', () => {
  it('stores a self-describing PBKDF2-SHA256 hash and measures its cost', async () => {
    const stored = await hashPassword('a long enough password')
    expect(stored).toMatch(/^pbkdf2-sha256\$100000\$[\w-]{22}\$[\w-]{43}$/)
    const times: number[] = []
    for (let i = 0; i < 5; i++) {
      const t = performance.now()
      await verifyPassword('a long enough password', stored)
      times.push(performance.now() - t)
    }
    console.log(
      `PBKDF2-SHA256 ${pbkdf2Iterations} iterations: ${times.map((t) => t.toFixed(1)).join(', ')} ms per hash`,
    )
    expect(await verifyPassword('a long enough password', stored)).toEqual({
      ok: true,
      needsRehash: false,
    })
    expect((await verifyPassword('a long enough passworD', stored)).ok).toBe(false)
  })

  it('flags a hash with fewer iterations for rehashing', async () => {
    const stored = await hashPassword('x')
    const [, , salt] = stored.split('$')
    const key = await crypto.subtle.importKey(
      'raw',
      new TextEncoder().encode('x'),
      'PBKDF2',
      false,
      ['deriveBits'],
    )
    const salted = Uint8Array.from(atob(salt!.replace(/-/g, '+').replace(/_/g, '/')), (ch) =>
      ch.charCodeAt(0),
    )
    const bits = new Uint8Array(
      await crypto.subtle.deriveBits(
        { name: 'PBKDF2', hash: 'SHA-256', salt: salted, iterations: 1000 },
        key,
        256,
      ),
    )
    const old = `pbkdf2-sha256$1000$${salt}$${btoa(String.fromCharCode(...bits))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '')}`
    expect(await verifyPassword('x', old)).toEqual({ ok: true, needsRehash: true })
  })
})

describe('POST /api/v1/auth/signup', () => {
  it('creates the owner and the user, signs in, and answers the account', async () => {
    const body = signUpBody()
    const res = await call('/api/v1/auth/signup', { body, origin })
    expect(res.status).toBe(201)
    expect(await json(res)).toEqual({
      username: body.username,
      displayName: 'Ada Lovelace',
      email: body.email.toLowerCase(),
      isAdmin: false,
    })
    const cookie = res.headers
      .getSetCookie()
      .find((c) => c.startsWith('__Host-modelport_session='))!
    expect(cookie).toMatch(/; Path=\//)
    expect(cookie).toMatch(/; HttpOnly/)
    expect(cookie).toMatch(/; Secure/)
    expect(cookie).toMatch(/; SameSite=Lax/)
    expect(cookie).not.toMatch(/Domain=/)
    const session = sessionFrom(res)!
    expect(session).toMatch(/^[\w-]{43}$/)
    const me = await call('/api/v1/auth/me', { session })
    expect(me.status).toBe(200)
    expect(await json(me)).toMatchObject({ username: body.username })
    const signedIn = await call('/api/v1/auth/session', { session })
    expect(await json(signedIn)).toMatchObject({ user: { username: body.username } })
    const signedOut = await call('/api/v1/auth/session')
    expect(signedOut.status).toBe(200)
    expect(await json(signedOut)).toEqual({ user: null })
    const owner = await call(`/api/v1/owners/${body.username}`)
    expect(await json(owner)).toMatchObject({ slug: body.username, source: 'local' })
  })

  it('refuses a taken username, any case, and a taken email', async () => {
    const body = signUpBody()
    expect((await call('/api/v1/auth/signup', { body })).status).toBe(201)
    const again = await call('/api/v1/auth/signup', {
      body: { ...signUpBody(), username: body.username },
    })
    expect(again.status).toBe(409)
    expect(await json(again)).toMatchObject({ code: 409, error: { code: 'CONFLICT' } })
    const sameMail = await call('/api/v1/auth/signup', {
      body: { ...signUpBody(), email: ` ${body.email.toUpperCase()} ` },
    })
    expect(sameMail.status).toBe(409)
  })

  it('refuses a username taken by an organization', async () => {
    await env.DB.prepare(
      `insert into owners (slug, kind, display_name, source) values ('acme-labs', 'organization', 'Acme', 'local')`,
    ).run()
    const res = await call('/api/v1/auth/signup', { body: signUpBody('acme-labs') })
    expect(res.status).toBe(409)
  })

  it.each([
    ['ab', 'too short'],
    ['a'.repeat(21), 'too long'],
    ['api', 'reserved'],
    ['models', 'reserved'],
    ['v1', 'reserved'],
    ['signup', 'reserved'],
    ['9lives', 'starts with a digit'],
    ['ada--l', 'double hyphen'],
    ['ada-', 'trailing hyphen'],
    ['ada_l', 'underscore'],
    ['adä', 'non-ASCII'],
  ])('refuses the username %s (%s)', async (username) => {
    const res = await call('/api/v1/auth/signup', { body: { ...signUpBody(), username } })
    expect(res.status).toBe(400)
    const body = await json(res)
    expect(body).toMatchObject({ code: 400, error: { code: 'BAD_REQUEST' } })
    expect(body.error.issues.map((i: { path: string }) => i.path)).toContain('username')
  })

  it('lower-cases the username', async () => {
    const name = uniqueName()
    const res = await call('/api/v1/auth/signup', {
      body: { ...signUpBody(), username: name.toUpperCase() },
    })
    expect(res.status).toBe(201)
    expect(await json(res)).toMatchObject({ username: name })
  })

  it('refuses passwords shorter than 10 or longer than 200 characters', async () => {
    for (const password of ['123456789', 'x'.repeat(201)]) {
      const res = await call('/api/v1/auth/signup', { body: { ...signUpBody(), password } })
      expect(res.status).toBe(400)
    }
    expect(
      (await call('/api/v1/auth/signup', { body: { ...signUpBody(), password: 'x'.repeat(200) } }))
        .status,
    ).toBe(201)
  })

  it('answers 400 for malformed JSON', async () => {
    const res = await app.request(
      `${origin}/api/v1/auth/signup`,
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' },
      env,
    )
    expect(res.status).toBe(400)
    expect(await json(res)).toMatchObject({ error: { code: 'BAD_REQUEST' } })
  })
})

describe('POST /api/v1/auth/signin', () => {
  it('signs in by username or by email', async () => {
    const user = await makeUser()
    const byName = await call('/api/v1/auth/signin', {
      body: { username: user.username, password },
    })
    expect(byName.status).toBe(200)
    expect(await json(byName)).toMatchObject({ username: user.username })
    const session = sessionFrom(byName)!
    expect((await call('/api/v1/auth/me', { session })).status).toBe(200)
    const byMail = await call('/api/v1/auth/signin', {
      body: { email: user.email.toUpperCase(), password },
    })
    expect(byMail.status).toBe(200)
  })

  it('answers the same 401 for an unknown user and a wrong password', async () => {
    const user = await makeUser()
    const wrong = await call('/api/v1/auth/signin', {
      body: { username: user.username, password: 'not the password' },
    })
    const unknown = await call('/api/v1/auth/signin', {
      body: { username: uniqueName('ghost'), password: 'not the password' },
    })
    expect(wrong.status).toBe(401)
    expect(unknown.status).toBe(401)
    expect(await json(wrong)).toEqual(await json(unknown))
    expect(sessionFrom(wrong)).toBeUndefined()
  })

  it('takes about as long for an unknown user as for a wrong password', async () => {
    const user = await makeUser()
    const time = async (username: string) => {
      const t = performance.now()
      await call('/api/v1/auth/signin', {
        body: { username, password: 'not the password' },
        headers: { 'cf-connecting-ip': uniqueName('ip') },
      })
      return performance.now() - t
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
    const known: number[] = []
    const unknown: number[] = []
    for (let i = 0; i < 5; i++) {
      known.push(await time(user.username))
      unknown.push(await time(uniqueName('ghost')))
    }
    // both spend one PBKDF2 hash (~13 ms); without the dummy hash the unknown case takes ~1 ms
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.5)
  })

  it('rehashes a password stored with fewer iterations', async () => {
    const user = await makeUser()
    const current = await getPasswordHash(db(), user.id)
    // a hash of the same password at 1,000 iterations, made the way hashPassword makes them
    const [, , salt] = current!.split('$')
    const key = await crypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(password),
      'PBKDF2',
      false,
      ['deriveBits'],
    )
    const saltBytes = Uint8Array.from(atob(salt!.replace(/-/g, '+').replace(/_/g, '/')), (ch) =>
      ch.charCodeAt(0),
    )
    const bits = new Uint8Array(
      await crypto.subtle.deriveBits(
        { name: 'PBKDF2', hash: 'SHA-256', salt: saltBytes, iterations: 1000 },
        key,
        256,
      ),
    )
    const b64 = btoa(String.fromCharCode(...bits))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '')
    await setPasswordHash(db(), user.id, `pbkdf2-sha256$1000$${salt}$${b64}`)
    expect(
      (await call('/api/v1/auth/signin', { body: { username: user.username, password } })).status,
    ).toBe(200)
    expect(await getPasswordHash(db(), user.id)).toMatch(/^pbkdf2-sha256\$100000\$/)
  })
})

describe('sessions', () => {
  it('POST /auth/signout ends the current session only', async () => {
    const user = await makeUser()
    const other = sessionFrom(
      await call('/api/v1/auth/signin', { body: { username: user.username, password } }),
    )!
    const res = await call('/api/v1/auth/signout', { method: 'POST', session: user.session })
    expect(res.status).toBe(204)
    expect(res.headers.getSetCookie().join()).toMatch(/__Host-modelport_session=;/)
    expect((await call('/api/v1/auth/me', { session: user.session })).status).toBe(401)
    expect((await call('/api/v1/auth/me', { session: other })).status).toBe(200)
  })

  it('POST /auth/signout-everywhere ends every session', async () => {
    const user = await makeUser()
    const other = sessionFrom(
      await call('/api/v1/auth/signin', { body: { username: user.username, password } }),
    )!
    expect(
      (await call('/api/v1/auth/signout-everywhere', { method: 'POST', session: user.session }))
        .status,
    ).toBe(204)
    expect((await call('/api/v1/auth/me', { session: user.session })).status).toBe(401)
    expect((await call('/api/v1/auth/me', { session: other })).status).toBe(401)
  })

  it('POST /auth/password needs the current password and ends the other sessions', async () => {
    const user = await makeUser()
    const other = sessionFrom(
      await call('/api/v1/auth/signin', { body: { username: user.username, password } }),
    )!
    const wrong = await call('/api/v1/auth/password', {
      session: user.session,
      body: { currentPassword: 'nope nope nope', newPassword: 'another long password' },
    })
    expect(wrong.status).toBe(403)
    const res = await call('/api/v1/auth/password', {
      session: user.session,
      body: { currentPassword: password, newPassword: 'another long password' },
    })
    expect(res.status).toBe(204)
    expect((await call('/api/v1/auth/me', { session: user.session })).status).toBe(200)
    expect((await call('/api/v1/auth/me', { session: other })).status).toBe(401)
    expect(
      (await call('/api/v1/auth/signin', { body: { username: user.username, password } })).status,
    ).toBe(401)
    expect(
      (
        await call('/api/v1/auth/signin', {
          body: { username: user.username, password: 'another long password' },
        })
      ).status,
    ).toBe(200)
  })

  it('lists sessions with the current one marked, and revokes one by its id', async () => {
    const user = await makeUser()
    const other = sessionFrom(
      await call('/api/v1/auth/signin', {
        body: { username: user.username, password },
        headers: {
          'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
        },
      }),
    )!
    const list = await json(await call('/api/v1/account/sessions', { session: user.session }))
    expect(list.sessions).toHaveLength(2)
    const mine = list.sessions.find((s: any) => s.current)
    const theirs = list.sessions.find((s: any) => !s.current)
    expect(theirs).toMatchObject({ userAgent: 'Firefox on Linux' })
    expect(JSON.stringify(list)).not.toContain(other)
    expect(Object.keys(theirs).sort()).toEqual([
      'createTime',
      'current',
      'expireTime',
      'id',
      'lastSeenTime',
      'userAgent',
    ])
    expect(
      (
        await call(`/api/v1/account/sessions/${theirs.id}`, {
          method: 'DELETE',
          session: user.session,
        })
      ).status,
    ).toBe(204)
    expect((await call('/api/v1/auth/me', { session: other })).status).toBe(401)
    expect(
      (
        await call(`/api/v1/account/sessions/${theirs.id}`, {
          method: 'DELETE',
          session: user.session,
        })
      ).status,
    ).toBe(404)
    expect(mine.id).not.toBe(theirs.id)
  })

  it("cannot revoke another user's session", async () => {
    const alice = await makeUser()
    const bob = await makeUser()
    const bobs = await json(await call('/api/v1/account/sessions', { session: bob.session }))
    const res = await call(`/api/v1/account/sessions/${bobs.sessions[0].id}`, {
      method: 'DELETE',
      session: alice.session,
    })
    expect(res.status).toBe(404)
    expect((await call('/api/v1/auth/me', { session: bob.session })).status).toBe(200)
  })

  it('treats an expired session as signed out and clears its cookie', async () => {
    const user = await makeUser()
    const { makeSession } = await import('./accounts-helpers')
    const expired = await makeSession(user.id, new Date(Date.now() - 1000))
    const res = await call('/api/v1/auth/me', { session: expired })
    expect(res.status).toBe(401)
    expect(res.headers.getSetCookie().join()).toMatch(/__Host-modelport_session=;/)
    // a read with an expired cookie is no error
    expect((await call('/api/v1/health', { session: expired })).status).toBe(200)
  })

  it('slides the expiry at most once an hour', async () => {
    const user = await makeUser()
    await env.DB.prepare(`update sessions set last_seen_at = ?, expires_at = ? where user_id = ?`)
      .bind(Date.now() - 2 * 3600_000, Date.now() + 3600_000, user.id)
      .run()
    const res = await call('/api/v1/auth/me', { session: user.session })
    expect(res.status).toBe(200)
    expect(res.headers.getSetCookie().join()).toMatch(/__Host-modelport_session=[\w-]{43};/)
    const row = await env.DB.prepare(`select expires_at from sessions where user_id = ?`)
      .bind(user.id)
      .first<{ expires_at: number }>()
    expect(row!.expires_at).toBeGreaterThan(Date.now() + 29 * 86_400_000)
    const again = await call('/api/v1/auth/me', { session: user.session })
    expect(again.headers.getSetCookie()).toEqual([])
  })

  it('uses a plain cookie over http on a loopback host, and reads it there', async () => {
    const body = signUpBody()
    const res = await app.request(
      'http://127.0.0.1:8787/api/v1/auth/signup',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'http://127.0.0.1:8787' },
        body: JSON.stringify(body),
      },
      env,
    )
    expect(res.status).toBe(201)
    const cookie = res.headers.getSetCookie()[0]!
    expect(cookie).toMatch(/^modelport_session=[\w-]{43}; /)
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).not.toMatch(/Secure/)
    const me = await app.request(
      'http://127.0.0.1:8787/api/v1/auth/me',
      { headers: { cookie: cookie.split(';')[0]! } },
      env,
    )
    expect(me.status).toBe(200)
  })
})

describe('CSRF', () => {
  it('refuses a cookie write from another origin, as JSON or as a form', async () => {
    const user = await makeUser()
    const fetchLike = await call('/api/v1/auth/signout', {
      method: 'POST',
      session: user.session,
      origin: 'https://evil.example',
    })
    expect(fetchLike.status).toBe(403)
    expect(await json(fetchLike)).toMatchObject({
      code: 403,
      error: { code: 'FORBIDDEN', message: 'cross-origin request refused' },
    })
    const form = await app.request(
      `${origin}/api/v1/account/legacy-key`,
      {
        method: 'POST',
        headers: {
          cookie: `__Host-modelport_session=${user.session}`,
          origin: 'https://evil.example',
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'a=b',
      },
      env,
    )
    expect(form.status).toBe(403)
    expect((await call('/api/v1/auth/me', { session: user.session })).status).toBe(200)
  })

  it('refuses a cookie write without Origin', async () => {
    const user = await makeUser()
    const res = await call('/api/v1/auth/signout', {
      method: 'POST',
      session: user.session,
      origin: null,
    })
    expect(res.status).toBe(403)
    expect(await json(res)).toMatchObject({ error: { code: 'FORBIDDEN' } })
  })

  it('lets the same origin write', async () => {
    const user = await makeUser()
    expect(
      (await call('/api/v1/auth/signout', { method: 'POST', session: user.session, origin }))
        .status,
    ).toBe(204)
  })

  it('refuses a sign-in posted from another site (login CSRF)', async () => {
    const user = await makeUser()
    const res = await call('/api/v1/auth/signin', {
      body: { username: user.username, password },
      origin: 'https://evil.example',
    })
    expect(res.status).toBe(403)
  })

  it('does not check writes authenticated by a header', async () => {
    const user = await makeUser({ admin: true })
    const { makeToken, bearer } = await import('./accounts-helpers')
    const token = await makeToken(user.id)
    const res = await call('/api/v1/admin/users', {
      authorization: bearer(token),
      body: { username: uniqueName(), email: `${uniqueName()}@x.test` },
    })
    expect(res.status).toBe(201)
  })
})
