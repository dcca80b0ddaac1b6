// No password, session token or API credential in clear: not in D1, not in logs, not in any
// answer after the one that created it.
import { env } from 'cloudflare:workers'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { basic, bearer, call, origin, sessionFrom, uniqueName } from './accounts-helpers'

const logged: string[] = []

beforeAll(() => {
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const original = console[level]
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      logged.push(
        args
          .map((a) =>
            a instanceof Error
              ? `${a.message} ${a.stack}`
              : typeof a === 'string'
                ? a
                : JSON.stringify(a),
          )
          .join(' '),
      )
      original(...args)
    })
  }
})
afterAll(() => vi.restoreAllMocks())

describe('secrets after a full account flow', () => {
  it('appear nowhere in D1, the logs or later answers', async () => {
    const username = uniqueName()
    const firstPassword = 'first password 4 scan'
    const secondPassword = 'second password 4 scan'
    const secrets: string[] = [firstPassword, secondPassword]
    const answers: string[] = []
    const keep = async (res: Response) => {
      answers.push(await res.clone().text())
      return res
    }

    const signup = await call('/api/v1/auth/signup', {
      body: {
        username,
        displayName: 'Scan',
        email: `${username}@example.test`,
        password: firstPassword,
      },
      origin,
    })
    const session1 = sessionFrom(signup)!
    secrets.push(session1)
    const signin = await call('/api/v1/auth/signin', {
      body: { username, password: firstPassword },
    })
    const session2 = sessionFrom(signin)!
    secrets.push(session2)
    await keep(
      await call('/api/v1/auth/signin', { body: { username, password: 'wrong password here' } }),
    )

    const key = (
      await (
        await call('/api/v1/account/legacy-key', { method: 'POST', session: session1 })
      ).json<{ key: string }>()
    ).key
    const token = (
      await (
        await call('/api/v1/account/tokens', {
          session: session1,
          body: { name: 'ci', scopes: ['read', 'write'] },
        })
      ).json<{ token: string }>()
    ).token
    secrets.push(key, token)

    await keep(await call('/api/v1/hello', { authorization: basic(username, key) }))
    await keep(
      await call('/v1/api.v1.DiagnosticsService/Hello', {
        method: 'POST',
        body: {},
        authorization: bearer(token),
      }),
    )
    await keep(
      await call('/v1/security.OAuthService/IntrospectToken', {
        method: 'POST',
        body: { token },
        authorization: bearer(token),
      }),
    )
    await keep(
      await call('/api/v1/auth/password', {
        session: session1,
        body: { currentPassword: firstPassword, newPassword: secondPassword },
      }),
    )
    await keep(
      await call('/api/v1/auth/password', {
        session: session1,
        body: { currentPassword: 'not it at all', newPassword: secondPassword },
      }),
    )
    await keep(await call('/api/v1/auth/me', { session: session1 }))
    await keep(await call('/api/v1/account/sessions', { session: session1 }))
    await keep(await call('/api/v1/account/tokens', { session: session1 }))
    await keep(await call('/api/v1/auth/me', { authorization: bearer(token) }))
    await keep(await call('/api/v1/auth/me', { authorization: basic(username, 'mpk_guessed') }))
    await keep(await call('/api/v1/auth/signout', { method: 'POST', session: session1 }))

    const tables = await env.DB.prepare(
      `select name from sqlite_master where type = 'table' and name not like '\\_cf%' escape '\\'`,
    ).all<{ name: string }>()
    let rows = 0
    const dump: string[] = []
    for (const { name } of tables.results) {
      const all = await env.DB.prepare(`select * from "${name}"`).all()
      rows += all.results.length
      dump.push(JSON.stringify(all.results))
    }
    expect(rows).toBeGreaterThan(0)
    const database = dump.join('\n')
    expect(database).toContain(username)
    for (const secret of secrets) {
      expect(database, 'D1').not.toContain(secret)
      expect(logged.join('\n'), 'logs').not.toContain(secret)
      for (const answer of answers) expect(answer, 'answer').not.toContain(secret)
    }
    // the display prefix is all D1 keeps of a credential: 12 characters
    expect(database).toContain(token.slice(0, 12))
    expect(database).not.toContain(token.slice(0, 16))
  })
})
