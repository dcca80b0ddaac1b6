// Browser sessions: an opaque 32-byte token in a cookie; D1 keeps only its SHA-256.
import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { createSession } from '../../db/queries/sessions'
import type { AppEnv } from '../env'
import { randomToken, sha256Hex } from './crypto'

export const sessionTtlMs = 30 * 24 * 3600_000
// the sliding expiry is written at most once an hour per session, not on every request
export const sessionTouchMs = 3600_000

const secureName = '__Host-modelport_session'
const loopbackName = 'modelport_session'

const isLoopback = (hostname: string) =>
  hostname === 'localhost' ||
  hostname.endsWith('.localhost') ||
  hostname === '[::1]' ||
  /^127\.\d+\.\d+\.\d+$/.test(hostname)

/**
 * The cookie's name and attributes for a request's URL. Over https: `__Host-` and Secure. Over
 * http on a loopback host (`npm run dev` on http://127.0.0.1:8787), a plain HttpOnly cookie,
 * since Safari refuses Secure cookies there. Over http elsewhere, still the Secure one, which a
 * browser refuses: a session never travels in clear.
 */
export function sessionCookie(c: Context<AppEnv>) {
  const url = new URL(c.req.url)
  const plain = url.protocol === 'http:' && isLoopback(url.hostname)
  return {
    name: plain ? loopbackName : secureName,
    options: { path: '/', httpOnly: true, sameSite: 'Lax', secure: !plain } as const,
  }
}

export function readSessionCookie(c: Context<AppEnv>) {
  return getCookie(c, sessionCookie(c).name)
}

export function clearSessionCookie(c: Context<AppEnv>) {
  const { name, options } = sessionCookie(c)
  deleteCookie(c, name, { path: options.path, secure: options.secure })
}

/** Creates a session for a user and sets its cookie; answers the session's id. */
export async function startSession(c: Context<AppEnv>, userId: number) {
  const token = randomToken(32)
  const id = randomToken(12)
  const now = new Date()
  const expiresAt = new Date(now.getTime() + sessionTtlMs)
  await createSession(c.var.db, {
    id,
    tokenHash: await sha256Hex(token),
    userId,
    userAgent: userAgentSummary(c.req.header('user-agent')),
    now,
    expiresAt,
  })
  const { name, options } = sessionCookie(c)
  setCookie(c, name, token, { ...options, expires: expiresAt })
  return id
}

/** Sets the cookie again with the session's new expiry (the sliding window). */
export function refreshSessionCookie(c: Context<AppEnv>, token: string, expiresAt: Date) {
  const { name, options } = sessionCookie(c)
  setCookie(c, name, token, { ...options, expires: expiresAt })
}

/** "Firefox on Linux": enough to recognise a session in the list, and no more of the header. */
function userAgentSummary(header: string | undefined) {
  if (!header) return 'Unknown'
  const browser =
    [
      ['Edge', /Edg\//],
      ['Opera', /OPR\//],
      ['Chrome', /Chrome\//],
      ['Firefox', /Firefox\//],
      ['Safari', /Safari\//],
      ['curl', /^curl\//],
      ['kagglehub', /^kagglehub\//],
    ].find(([, re]) => (re as RegExp).test(header))?.[0] ?? 'Other'
  const os = [
    ['Android', /Android/],
    ['iOS', /iPhone|iPad/],
    ['Windows', /Windows/],
    ['macOS', /Mac OS X|Macintosh/],
    ['Linux', /Linux/],
  ].find(([, re]) => (re as RegExp).test(header))?.[0]
  return os ? `${browser} on ${os}` : String(browser)
}
