// "Sign in with …" through an OpenID Connect issuer, with openid-client (authorization code flow,
// PKCE, state and nonce). Enabled when OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are set.
import * as client from 'openid-client'
import { sha256Hex } from './crypto'
import { usernameSchema } from './username'

export interface OidcSettings {
  issuer: string
  clientId: string
  clientSecret: string
  /** what the button says after "Sign in with" */
  name: string
}

export function oidcSettings(env: Env): OidcSettings | undefined {
  const { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: clientId, OIDC_CLIENT_SECRET: clientSecret } = env
  if (!issuer || !clientId || !clientSecret) return undefined
  return { issuer, clientId, clientSecret, name: env.OIDC_NAME || new URL(issuer).hostname }
}

const isLoopbackHttp = (url: URL) =>
  url.protocol === 'http:' && (url.hostname === 'localhost' || url.hostname === '127.0.0.1')

// discovery once per isolate and issuer; a failed discovery is not kept
const configurations = new Map<string, Promise<client.Configuration>>()

function configuration(settings: OidcSettings) {
  const key = `${settings.issuer} ${settings.clientId}`
  let found = configurations.get(key)
  if (!found) {
    const issuer = new URL(settings.issuer)
    found = client.discovery(
      issuer,
      settings.clientId,
      undefined,
      client.ClientSecretBasic(settings.clientSecret),
      // plain http only for an issuer on this machine (the tests' and a developer's provider)
      { timeout: 10, execute: isLoopbackHttp(issuer) ? [client.allowInsecureRequests] : [] },
    )
    found.catch(() => configurations.delete(key))
    configurations.set(key, found)
  }
  return found
}

interface OidcStart {
  url: URL
  state: string
  stateHash: string
  codeVerifier: string
  nonce: string
}

/** The issuer's authorization URL for a new sign-in, and the secrets to finish it with. */
export async function beginOidcSignIn(settings: OidcSettings, redirectUri: string) {
  const config = await configuration(settings)
  const codeVerifier = client.randomPKCECodeVerifier()
  const state = client.randomState()
  const nonce = client.randomNonce()
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid email profile',
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  })
  return { url, state, stateHash: await sha256Hex(state), codeVerifier, nonce } satisfies OidcStart
}

export interface OidcClaims {
  subject: string
  email?: string
  emailVerified?: boolean
  name?: string
  preferredUsername?: string
}

/** Exchanges the code on the callback URL for the ID token's claims (all checks by the library). */
export async function finishOidcSignIn(
  settings: OidcSettings,
  callbackUrl: URL,
  checks: { state: string; codeVerifier: string; nonce: string },
): Promise<OidcClaims> {
  const config = await configuration(settings)
  const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
    pkceCodeVerifier: checks.codeVerifier,
    expectedState: checks.state,
    expectedNonce: checks.nonce,
    idTokenExpected: true,
  })
  const idClaims = tokens.claims()!
  // many issuers put email and profile claims only in the userinfo answer, not the ID token
  const claims =
    idClaims.email === undefined && config.serverMetadata().userinfo_endpoint
      ? { ...(await client.fetchUserInfo(config, tokens.access_token, idClaims.sub)), ...idClaims }
      : idClaims
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined)
  return {
    subject: claims.sub,
    email: text(claims.email)?.trim().toLowerCase(),
    emailVerified: typeof claims.email_verified === 'boolean' ? claims.email_verified : undefined,
    name: text(claims.name),
    preferredUsername: text(claims.preferred_username),
  }
}

/** The issuer's own identifier, as accounts are linked under it. */
export async function oidcIssuerId(settings: OidcSettings) {
  return (await configuration(settings)).serverMetadata().issuer
}

/**
 * Username candidates for a new account from the provider's claims, best first: its preferred
 * username and the email's local part, made to fit the username rule, then the first of them
 * numbered (`alice-2`, …), then one from the name.
 */
export function usernameCandidates(claims: OidcClaims): string[] {
  const valid = (name: string | undefined): name is string =>
    name !== undefined && usernameSchema.safeParse(name).success
  const bases = [claims.preferredUsername, claims.email?.split('@')[0]]
    .map((raw) => slugifyUsername(raw ?? ''))
    .filter(valid)
  const base = bases[0] ?? 'user'
  const numbered = Array.from({ length: 20 }, (_, i) => fitUsername(base, `-${i + 2}`))
  const fromName = slugifyUsername(claims.name ?? '')
  return [...new Set([...bases, ...numbered, fromName])].filter(valid)
}

function slugifyUsername(raw: string) {
  const slug = raw
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .slice(0, 20)
    .replace(/-+$/, '')
  return slug.length >= 3 ? slug : undefined
}

const fitUsername = (base: string, suffix: string) =>
  base.slice(0, 20 - suffix.length).replace(/-+$/, '') + suffix
