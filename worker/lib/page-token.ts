// Page tokens are opaque to clients: base64url of a small JSON object, then '.' and an HMAC-SHA256
// of it (PAGE_TOKEN_SECRET, truncated to 16 bytes). A token steers the query plan (where a page
// starts, which ranking path runs: docs/search.md), so only tokens this server issued are read.
import type { z } from 'zod'
import { ApiError } from '../errors'

/** the longest token a client may send; the ones issued today are under 200 characters */
export const maxPageTokenLength = 512

const macBytes = 16
const keys = new Map<string, Promise<CryptoKey>>()

function hmacKey(secret: string) {
  let key = keys.get(secret)
  if (!key) {
    key = crypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    )
    keys.set(secret, key)
  }
  return key
}

const base64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')

const fromBase64url = (text: string) =>
  Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0))

async function mac(secret: string, payload: string) {
  const signature = await crypto.subtle.sign(
    'HMAC',
    await hmacKey(secret),
    new TextEncoder().encode(payload),
  )
  return new Uint8Array(signature, 0, macBytes)
}

/** A signed token for `value`. */
export async function encodePageToken(secret: string, value: object): Promise<string> {
  const payload = base64url(new TextEncoder().encode(JSON.stringify(value)))
  return `${payload}.${base64url(await mac(secret, payload))}`
}

/** Decodes a token made by encodePageToken as the schema parses it; anything else (edited,
 * unsigned, too long) is a 400 naming the parameter. */
export async function decodePageToken<T>(
  secret: string,
  token: string,
  schema: z.ZodType<T>,
  parameter = 'pageToken',
): Promise<T> {
  try {
    const [payload, signature, extra] = token.split('.')
    if (token.length <= maxPageTokenLength && payload && signature && extra === undefined) {
      const expected = await mac(secret, payload)
      const given = fromBase64url(signature)
      if (given.length === macBytes && crypto.subtle.timingSafeEqual(given, expected)) {
        const value: unknown = JSON.parse(new TextDecoder().decode(fromBase64url(payload)))
        const parsed = schema.safeParse(value)
        if (parsed.success) return parsed.data
      }
    }
  } catch {
    // fall through to the error below
  }
  throw new ApiError('BAD_REQUEST', `${parameter} is not a page token this server issued`, [
    { path: parameter, message: 'invalid page token' },
  ])
}
