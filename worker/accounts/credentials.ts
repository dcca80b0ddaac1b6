// API credentials: the kaggle.json key (HTTP Basic username:key) and named access tokens
// (Bearer). Either works in either place (docs/accounts.md). Both are 256-bit random values
// behind a recognisable prefix, shown once; D1 keeps their SHA-256 and a short display prefix.
import type { Db } from '../../db/client'
import { createApiToken, replaceLegacyKey } from '../../db/queries/api-tokens'
import { randomToken, sha256Hex } from './crypto'
import type { Scope } from './actor'

const legacyKeyPrefix = 'mpk_'
const accessTokenPrefix = 'mpat_'
// what the token list shows: the prefix and a few random characters, to tell tokens apart
const shownLength = 12

/** A new legacy key for a user, replacing the previous one; the key is answered once. */
export async function issueLegacyKey(db: Db, userId: number) {
  const key = legacyKeyPrefix + randomToken(32)
  await replaceLegacyKey(db, {
    userId,
    tokenHash: await sha256Hex(key),
    prefix: key.slice(0, shownLength),
    now: new Date(),
  })
  return key
}

/** A new access token; the token is answered once. */
export async function issueAccessToken(
  db: Db,
  input: { userId: number; name: string; scopes: Scope[]; expiresAt: Date | null },
) {
  const token = accessTokenPrefix + randomToken(32)
  const row = await createApiToken(db, {
    userId: input.userId,
    kind: 'access',
    name: input.name,
    tokenHash: await sha256Hex(token),
    prefix: token.slice(0, shownLength),
    scopes: input.scopes.join(','),
    expiresAt: input.expiresAt,
  })
  return { token, row }
}
