// Accounts in tests: requests with cookies and credentials, and users made straight in D1.
import { env } from 'cloudflare:workers'
import app from '../../worker/app'
import { createSession } from '../../db/queries/sessions'
import { createUser } from '../../db/queries/users'
import { issueAccessToken, issueLegacyKey } from '../../worker/accounts/credentials'
import { randomToken, sha256Hex } from '../../worker/accounts/crypto'
import { hashPassword } from '../../worker/accounts/password'
import type { Scope } from '../../worker/accounts/permissions'
import { db } from './helpers'

export const origin = 'https://modelport.test'
export const cookieName = '__Host-modelport_session'

let counter = 0
/** A fresh username, unique within the file (storage is per file). */
export const uniqueName = (stem = 'user') =>
  `${stem}${Date.now().toString(36).slice(-5)}${(counter++).toString(36)}`

export interface CallOptions {
  method?: string
  body?: unknown
  /** a raw body (uploads), sent with its Content-Length */
  raw?: Uint8Array
  /** the session token: sent as the cookie, with our own Origin unless `origin` says otherwise */
  session?: string
  authorization?: string
  origin?: string | null
  headers?: Record<string, string>
}

/** A request through the whole app over https, as the SPA or a client would send it. */
export function call(path: string, options: CallOptions = {}) {
  const method = options.method ?? (options.body === undefined ? 'GET' : 'POST')
  const headers: Record<string, string> = { ...options.headers }
  if (options.body !== undefined) headers['content-type'] = 'application/json'
  if (options.raw !== undefined) headers['content-length'] = String(options.raw.byteLength)
  if (options.session) headers.cookie = `${cookieName}=${options.session}`
  if (options.authorization) headers.authorization = options.authorization
  const sendOrigin =
    options.origin === undefined
      ? options.session && method !== 'GET'
        ? origin
        : null
      : options.origin
  if (sendOrigin) headers.origin = sendOrigin
  return app.request(
    `${origin}${path}`,
    {
      method,
      headers,
      body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
    },
    env,
  )
}

/** The session token a response set, if any. */
export function sessionFrom(response: Response) {
  for (const cookie of response.headers.getSetCookie()) {
    const [pair] = cookie.split(';')
    const [name, value] = pair!.split('=')
    if (name === cookieName && value) return value
  }
  return undefined
}

export const basic = (username: string, key: string) => `Basic ${btoa(`${username}:${key}`)}`
export const bearer = (token: string) => `Bearer ${token}`

export const password = 'correct horse battery staple'
let passwordHash: Promise<string> | undefined

/** A user made in D1 (one shared password hash, so making many is fast), with a live session. */
export async function makeUser(options: { admin?: boolean; username?: string } = {}) {
  const username = options.username ?? uniqueName()
  const user = await createUser(db(), {
    username,
    displayName: `User ${username}`,
    email: `${username}@example.test`,
    passwordHash: await (passwordHash ??= hashPassword(password)),
    isAdmin: options.admin ?? false,
  })
  return { ...user, session: await makeSession(user.id) }
}

export async function makeSession(userId: number, expiresAt = new Date(Date.now() + 86_400_000)) {
  const token = randomToken(32)
  await createSession(db(), {
    id: randomToken(12),
    tokenHash: await sha256Hex(token),
    userId,
    userAgent: 'test',
    now: new Date(),
    expiresAt,
  })
  return token
}

export const makeLegacyKey = (userId: number) => issueLegacyKey(db(), userId)

export async function makeToken(
  userId: number,
  scopes: Scope[] = ['read', 'write'],
  expiresAt: Date | null = null,
) {
  return (await issueAccessToken(db(), { userId, name: 'test', scopes, expiresAt })).token
}
