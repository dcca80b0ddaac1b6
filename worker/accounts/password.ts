// Password hashing: PBKDF2-SHA256 through WebCrypto at 100,000 iterations, the most Cloudflare's
// production runtime accepts (docs/accounts.md has the measurement and why not Argon2id). Stored
// as `pbkdf2-sha256$<iterations>$<salt>$<hash>` so the count can be raised later: a sign-in
// with an older count rehashes.
import { fromBase64Url, randomBytes, toBase64Url } from './crypto'

export const passwordRule = { min: 10, max: 200 } as const
export const pbkdf2Iterations = 100_000

const encoder = new TextEncoder()

async function derive(password: string, salt: Uint8Array, iterations: number) {
  const key = await crypto.subtle.importKey('raw', encoder.encode(password), 'PBKDF2', false, [
    'deriveBits',
  ])
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    key,
    256,
  )
  return new Uint8Array(bits)
}

export async function hashPassword(password: string) {
  const salt = randomBytes(16)
  const hash = await derive(password, salt, pbkdf2Iterations)
  return `pbkdf2-sha256$${pbkdf2Iterations}$${toBase64Url(salt)}$${toBase64Url(hash)}`
}

/**
 * Checks a password against a stored hash. `needsRehash` says the hash uses older parameters.
 * With no stored hash (unknown user, or an account without a password) it still spends one
 * hash's time, so a caller cannot tell an unknown user from a wrong password by timing.
 */
export async function verifyPassword(password: string, stored: string | null | undefined) {
  const parts = stored?.split('$')
  if (!parts || parts.length !== 4 || parts[0] !== 'pbkdf2-sha256') {
    await derive(password, new Uint8Array(16), pbkdf2Iterations)
    return { ok: false, needsRehash: false }
  }
  const iterations = Number(parts[1])
  const expected = fromBase64Url(parts[3]!)
  const actual = await derive(password, fromBase64Url(parts[2]!), iterations)
  const ok = actual.length === expected.length && crypto.subtle.timingSafeEqual(actual, expected)
  return { ok, needsRehash: ok && iterations < pbkdf2Iterations }
}
