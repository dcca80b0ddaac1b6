import { describe, expect, it } from 'vitest'
import { signInLimits } from '../../worker/accounts/rate-limit'
import { json } from './helpers'
import { call, makeUser, password, uniqueName } from './accounts-helpers'

const signIn = (username: string, pass: string, ip: string) =>
  call('/api/v1/auth/signin', {
    body: { username, password: pass },
    headers: { 'cf-connecting-ip': ip },
  })

describe('sign-in rate limits', () => {
  it('locks an account after its failures, from any address, with Retry-After', async () => {
    const user = await makeUser()
    for (let i = 0; i < signInLimits.account.max; i++) {
      expect((await signIn(user.username, 'wrong password', `10.0.0.${i}`)).status).toBe(401)
    }
    const res = await signIn(user.username, password, '10.0.1.1')
    expect(res.status).toBe(429)
    const retryAfter = Number(res.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThan(0)
    expect(retryAfter).toBeLessThanOrEqual(signInLimits.account.windowSeconds)
    expect(await json(res)).toMatchObject({ code: 429, error: { code: 'TOO_MANY_REQUESTS' } })
    // naming the account by its email does not get round the limit
    expect(
      (
        await call('/api/v1/auth/signin', {
          body: { email: user.email, password },
          headers: { 'cf-connecting-ip': '10.0.1.2' },
        })
      ).status,
    ).toBe(429)
    // other accounts are not affected
    const other = await makeUser()
    expect((await signIn(other.username, password, '10.0.1.3')).status).toBe(200)
  })

  it('limits attempts per address, whichever accounts they name', async () => {
    const ip = `192.0.2.${Math.floor(Math.random() * 250)}`
    for (let i = 0; i < signInLimits.ip.max; i++) {
      expect((await signIn(uniqueName('ghost'), 'wrong password', ip)).status).toBe(401)
    }
    const user = await makeUser()
    const res = await signIn(user.username, password, ip)
    expect(res.status).toBe(429)
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0)
    expect((await signIn(user.username, password, '198.51.100.7')).status).toBe(200)
  })

  it('counts a wrong current password on a password change as a failure', async () => {
    const user = await makeUser()
    for (let i = 0; i < signInLimits.account.max; i++) {
      const res = await call('/api/v1/auth/password', {
        session: user.session,
        body: { currentPassword: 'wrong password', newPassword: 'another long password' },
      })
      expect(res.status).toBe(403)
    }
    const res = await call('/api/v1/auth/password', {
      session: user.session,
      body: { currentPassword: password, newPassword: 'another long password' },
    })
    expect(res.status).toBe(429)
  })
})
