// "Sign in with …" against a real OpenID Connect provider (oidc-provider, started by the test
// config: scripts/oidc-provider.mjs), through its own login and consent forms.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { call, cookieName, makeUser, origin, uniqueName } from './accounts-helpers'
import { json } from './helpers'

/** A browser's cookies for the provider's origin, enough for its interaction flow. */
class CookieJar {
  private cookies = new Map<string, string>()
  take(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const at = pair!.indexOf('=')
      this.cookies.set(pair!.slice(0, at).trim(), pair!.slice(at + 1))
    }
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  }
}

/** Follows the provider's redirects, signing in as `login` and consenting, until it sends the
 *  browser back to Modelport; answers that callback URL. */
async function signInAtProvider(authorizationUrl: string, login: string) {
  const jar = new CookieJar()
  let url = authorizationUrl
  for (let hop = 0; hop < 12; hop++) {
    if (url.startsWith(origin)) return url
    let response = await fetch(url, { headers: { cookie: jar.header() }, redirect: 'manual' })
    jar.take(response)
    const interaction = new URL(url).pathname.match(/^\/interaction\/[^/]+$/)
    if (interaction && response.status === 200) {
      const page = await response.text()
      const prompt = page.includes('name="login"') ? 'login' : 'consent'
      const form = new URLSearchParams({ prompt, login, password: 'any' })
      response = await fetch(url, {
        method: 'POST',
        headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
        body: form,
        redirect: 'manual',
      })
      jar.take(response)
    }
    const location = response.headers.get('location')
    if (!location) throw new Error(`provider stopped at ${url}: ${response.status}`)
    await response.body?.cancel()
    url = new URL(location, url).href
  }
  throw new Error('too many redirects at the provider')
}

/** Starts a sign-in at Modelport; answers the provider URL and the state cookie. */
async function start(returnTo = '/models') {
  const response = await call(`/api/v1/auth/oidc/start?returnTo=${encodeURIComponent(returnTo)}`)
  expect(response.status).toBe(302)
  const stateCookie = response.headers
    .getSetCookie()
    .find((c) => c.startsWith('modelport_oidc_state='))!
  expect(stateCookie).toMatch(/HttpOnly/i)
  return { location: response.headers.get('location')!, stateCookie: stateCookie.split(';')[0]! }
}

async function finish(callbackUrl: string, stateCookie: string) {
  const path = callbackUrl.slice(origin.length)
  return call(path, { headers: { cookie: stateCookie } })
}

const sessionOf = (response: Response) =>
  response.headers
    .getSetCookie()
    .find((c) => c.startsWith(`${cookieName}=`))
    ?.split(';')[0]!
    .slice(cookieName.length + 1)

const errorOf = (response: Response) =>
  new URL(response.headers.get('location')!, origin).searchParams.get('error')

describe('sign in with OpenID Connect', () => {
  it('says which provider is configured', async () => {
    const response = await call('/api/v1/auth/oidc')
    expect(await json(response)).toEqual({ name: 'Local OIDC' })
    expect(env.OIDC_ISSUER).toMatch(/^http:\/\/127\.0\.0\.1:/)
  })

  it('creates an account on the first sign-in, signs the same account in the next time', async () => {
    const login = uniqueName('oidc')
    const first = await start('/models/google')
    expect(first.location.startsWith(env.OIDC_ISSUER!)).toBe(true)
    const authorization = new URL(first.location)
    expect(authorization.searchParams.get('code_challenge_method')).toBe('S256')
    expect(authorization.searchParams.get('nonce')).toBeTruthy()

    const back = await finish(await signInAtProvider(first.location, login), first.stateCookie)
    expect(back.status).toBe(302)
    expect(back.headers.get('location')).toBe('/models/google')
    const session = sessionOf(back)!
    const me = await json(await call('/api/v1/auth/me', { session }))
    expect(me).toMatchObject({
      username: login,
      displayName: `OIDC ${login}`,
      email: `${login}@oidc.example.test`,
    })

    const again = await start()
    const second = await finish(await signInAtProvider(again.location, login), again.stateCookie)
    expect(second.status).toBe(302)
    const meAgain = await json(await call('/api/v1/auth/me', { session: sessionOf(second)! }))
    expect(meAgain.username).toBe(login)
  })

  it('numbers the username when the provider’s is taken', async () => {
    const existing = await makeUser()
    // a different provider account whose preferred username is someone else's
    const login = `${existing.username}`
    const begun = await start()
    const url = await signInAtProvider(begun.location, login)
    const back = await finish(url, begun.stateCookie)
    expect(back.status).toBe(302)
    const me = await json(await call('/api/v1/auth/me', { session: sessionOf(back)! }))
    expect(me.username).toBe(`${existing.username}-2`)
  })

  it('refuses a callback whose state is not this browser’s, and a replayed one', async () => {
    const login = uniqueName('oidc')
    const mine = await start()
    const theirs = await start()
    const callback = await signInAtProvider(theirs.location, login)
    const crossed = await finish(callback, mine.stateCookie)
    expect(crossed.status).toBe(302)
    expect(crossed.headers.get('location')).toMatch(/^\/signin\?error=/)
    expect(sessionOf(crossed)).toBeUndefined()
    // the refused attempt never matched the state, so the rightful browser can finish, once
    const rightful = await finish(callback, theirs.stateCookie)
    expect(sessionOf(rightful)).toBeTruthy()
    const replay = await finish(callback, theirs.stateCookie)
    expect(replay.headers.get('location')).toMatch(/^\/signin\?error=/)
    expect(sessionOf(replay)).toBeUndefined()
  })

  it('never links to an existing account by email, and refuses an unverified email', async () => {
    const existing = await makeUser()
    const byEmail = await start()
    const taken = await finish(
      await signInAtProvider(byEmail.location, existing.email),
      byEmail.stateCookie,
    )
    expect(errorOf(taken)).toContain('sign in with its password')
    expect(sessionOf(taken)).toBeUndefined()

    const unverified = await start()
    const refused = await finish(
      await signInAtProvider(unverified.location, uniqueName('unverified')),
      unverified.stateCookie,
    )
    expect(errorOf(refused)).toContain('verified email')
  })

  it('keeps returnTo on this site', async () => {
    for (const hostile of ['https://evil.test/', '//evil.test/x', '/\\evil.test']) {
      const begun = await start(hostile)
      const back = await finish(
        await signInAtProvider(begun.location, uniqueName('oidc')),
        begun.stateCookie,
      )
      expect(back.headers.get('location')).toBe('/')
    }
  })

  it('answers a callback with no sign-in in flight with the sign-in page, not an error page', async () => {
    const response = await call('/api/v1/auth/oidc/callback?code=x&state=nope')
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toMatch(/^\/signin\?error=/)
  })
})
