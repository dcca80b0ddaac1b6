import { and, eq, lt, sql } from 'drizzle-orm'
import type { Db } from '../client'
import { oidcIdentities, oidcLogins } from '../schema'
import { accountUserOf, newUserInserts, type AccountUser } from './users'

export interface OidcLogin {
  stateHash: string
  codeVerifier: string
  nonce: string
  returnTo: string
  expiresAt: Date
}

/** Records a sign-in in flight; expired ones are cleared on the way. */
export async function saveOidcLogin(db: Db, login: OidcLogin, now: Date) {
  await db.batch([
    db.delete(oidcLogins).where(lt(oidcLogins.expiresAt, now)),
    db.insert(oidcLogins).values(login),
  ])
}

/** Takes a sign-in in flight by its state's hash: answers it at most once, and only unexpired. */
export async function takeOidcLogin(db: Db, stateHash: string, now: Date) {
  const [row] = await db.delete(oidcLogins).where(eq(oidcLogins.stateHash, stateHash)).returning()
  return row && row.expiresAt > now ? row : undefined
}

/** The user an issuer's subject signed in as before, if any. */
export async function findOidcUser(db: Db, issuer: string, subject: string) {
  const [row] = await db
    .select({ userId: oidcIdentities.userId })
    .from(oidcIdentities)
    .where(and(eq(oidcIdentities.issuer, issuer), eq(oidcIdentities.subject, subject)))
  return row?.userId
}

/** Creates a user without a password and links it to an issuer's subject, in one batch. */
export async function createOidcUser(
  db: Db,
  input: { username: string; displayName: string; email: string; issuer: string; subject: string },
): Promise<AccountUser> {
  const account = { ...input, passwordHash: null }
  const [, inserted] = await db.batch([
    ...newUserInserts(db, account),
    db.insert(oidcIdentities).values({
      issuer: input.issuer,
      subject: input.subject,
      userId: sql`(select u.id from users u join owners o on o.id = u.owner_id where o.slug = ${input.username})`,
    }),
  ])
  return accountUserOf(account, inserted)
}
