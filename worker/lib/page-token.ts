import type { z } from 'zod'
import { ApiError } from '../errors'

/** Page tokens are opaque to clients: base64url of a small JSON object. */
export function encodePageToken(value: object): string {
  const bytes = new TextEncoder().encode(JSON.stringify(value))
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')
}

/** Decodes a token made by encodePageToken as the schema parses it; anything else is a 400 naming
 * the parameter. */
export function decodePageToken<T>(
  token: string,
  schema: z.ZodType<T>,
  parameter = 'pageToken',
): T {
  try {
    const binary = atob(token.replace(/-/g, '+').replace(/_/g, '/'))
    const value: unknown = JSON.parse(
      new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))),
    )
    const parsed = schema.safeParse(value)
    if (parsed.success) return parsed.data
  } catch {
    // fall through to the error below
  }
  throw new ApiError('BAD_REQUEST', `${parameter} is not a page token this server issued`, [
    { path: parameter, message: 'invalid page token' },
  ])
}
