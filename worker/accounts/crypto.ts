// Small WebCrypto helpers shared by passwords, sessions and API credentials.

const encoder = new TextEncoder()

export function toBase64Url(bytes: Uint8Array) {
  let binary = ''
  for (const b of bytes) binary += String.fromCharCode(b)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

export function fromBase64Url(text: string) {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'))
  return Uint8Array.from(binary, (ch) => ch.charCodeAt(0))
}

export function randomBytes(length: number) {
  return crypto.getRandomValues(new Uint8Array(length))
}

/** A random secret of `bytes` bytes, base64url. */
export const randomToken = (bytes = 32) => toBase64Url(randomBytes(bytes))

/** Hex SHA-256 of a string: how secrets with 128+ bits of entropy are stored (no KDF needed). */
export async function sha256Hex(text: string) {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)))
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('')
}

/** Compares two strings in time independent of where they differ (both are hashed first). */
export async function timingSafeEqualText(a: string, b: string) {
  const [da, db] = await Promise.all([
    crypto.subtle.digest('SHA-256', encoder.encode(a)),
    crypto.subtle.digest('SHA-256', encoder.encode(b)),
  ])
  return crypto.subtle.timingSafeEqual(da, db)
}
