// "Sign in with …": the OpenID Connect authorization code flow. Mounted at /api/v1/auth/oidc.
// Every failure on the way back sends the browser to the sign-in page with a message.
import type { Context } from 'hono'
import { Hono } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { createOidcUser, findOidcUser, saveOidcLogin, takeOidcLogin } from '../../db/queries/oidc'
import { emailTaken, ownerSlugTaken } from '../../db/queries/users'
import { sha256Hex } from '../accounts/crypto'
import {
  beginOidcSignIn,
  finishOidcSignIn,
  oidcIssuerId,
  oidcSettings,
  usernameCandidates,
  type OidcClaims,
} from '../accounts/oidc'
import { authorize } from '../accounts/permissions'
import { clientIp, countIpAttempt } from '../accounts/rate-limit'
import { sessionCookie, startSession } from '../accounts/session'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'

const loginTtlMs = 10 * 60_000
const stateCookieName = 'modelport_oidc_state'
const callbackPath = '/api/v1/auth/oidc/callback'

function settingsOf(c: Context<AppEnv>) {
  const settings = oidcSettings(c.env)
  if (!settings) throw new ApiError('NOT_FOUND', 'sign-in with an identity provider is not set up')
  return settings
}

/** Where to go after signing in: a path on this site, never another origin. */
function safeReturnTo(raw: string | undefined) {
  if (!raw || raw.length > 512 || !raw.startsWith('/') || /^\/[/\\]/.test(raw)) return '/'
  const hasControl = [...raw].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)
  return hasControl ? '/' : raw
}

const toSignInPage = (c: Context<AppEnv>, message: string) =>
  c.redirect(`/signin?${new URLSearchParams({ error: message })}`, 302)

const expired = 'the sign-in expired or was started in another browser: try again'

async function createAccount(c: Context<AppEnv>, issuer: string, claims: OidcClaims) {
  const email = claims.email!
  const displayName = (claims.name?.trim() || claims.preferredUsername || email).slice(0, 100)
  for (const username of usernameCandidates(claims)) {
    if (await ownerSlugTaken(c.var.db, username)) continue
    try {
      const user = await createOidcUser(c.var.db, {
        username,
        displayName,
        email,
        issuer,
        subject: claims.subject,
      })
      return user.id
    } catch (err) {
      // taken between the check and the insert: try the next name
      if (!/UNIQUE constraint failed/.test(String((err as { cause?: unknown })?.cause ?? err)))
        throw err
    }
  }
  return undefined
}

const oidc = new Hono<AppEnv>()
  .get('/', (c) => {
    const settings = oidcSettings(c.env)
    return c.json({ name: settings?.name ?? null }, 200)
  })
  .get('/start', authorize('auth.signin'), async (c) => {
    const settings = settingsOf(c)
    await countIpAttempt(c.var.db, clientIp(c.req.header('cf-connecting-ip')))
    const origin = new URL(c.req.url).origin
    const start = await beginOidcSignIn(settings, origin + callbackPath)
    const now = new Date()
    await saveOidcLogin(
      c.var.db,
      {
        stateHash: start.stateHash,
        codeVerifier: start.codeVerifier,
        nonce: start.nonce,
        returnTo: safeReturnTo(c.req.query('returnTo')),
        expiresAt: new Date(now.getTime() + loginTtlMs),
      },
      now,
    )
    // binds the flow to this browser: a callback carrying someone else's state is refused
    setCookie(c, stateCookieName, start.state, {
      path: '/api/v1/auth/oidc',
      httpOnly: true,
      sameSite: 'Lax',
      secure: sessionCookie(c).options.secure,
      maxAge: loginTtlMs / 1000,
    })
    return c.redirect(start.url.href, 302)
  })
  .get('/callback', authorize('auth.signin'), async (c) => {
    const settings = settingsOf(c)
    const url = new URL(c.req.url)
    const state = url.searchParams.get('state') ?? ''
    const cookieState = getCookie(c, stateCookieName)
    deleteCookie(c, stateCookieName, { path: '/api/v1/auth/oidc' })
    if (!state || state.length > 256 || cookieState !== state) return toSignInPage(c, expired)
    const login = await takeOidcLogin(c.var.db, await sha256Hex(state), new Date())
    if (!login) return toSignInPage(c, expired)
    if (url.searchParams.has('error'))
      return toSignInPage(
        c,
        url.searchParams.get('error') === 'access_denied'
          ? 'the sign-in was cancelled'
          : 'the identity provider refused the sign-in',
      )

    let claims: OidcClaims
    try {
      claims = await finishOidcSignIn(settings, url, { ...login, state })
    } catch (err) {
      console.warn('oidc callback:', err instanceof Error ? err.message : err)
      return toSignInPage(c, 'the identity provider’s answer could not be verified: try again')
    }
    const issuer = await oidcIssuerId(settings)
    let userId = await findOidcUser(c.var.db, issuer, claims.subject)
    if (userId === undefined) {
      if (!claims.email || claims.emailVerified === false)
        return toSignInPage(c, 'the identity provider did not share a verified email address')
      // never linked silently: whoever controls the provider account must prove the password
      if (await emailTaken(c.var.db, claims.email))
        return toSignInPage(c, 'an account with this email exists: sign in with its password')
      userId = await createAccount(c, issuer, claims)
      if (userId === undefined) return toSignInPage(c, 'no free username was found: try again')
    }
    await startSession(c, userId)
    return c.redirect(login.returnTo, 302)
  })

export default oidc
