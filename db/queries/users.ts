import { and, eq, sql } from 'drizzle-orm'
import type { Db } from '../client'
import { organizationMembers, owners, users } from '../schema'

/** What the app knows about a signed-in user: enough for authorization and `/auth/me`. */
export interface AccountUser {
  id: number
  ownerId: number
  username: string
  displayName: string
  email: string
  isAdmin: boolean
}

/** The columns of an AccountUser, for queries that join users and owners. */
export const accountColumns = {
  id: users.id,
  ownerId: users.ownerId,
  username: owners.slug,
  displayName: owners.displayName,
  email: users.email,
  isAdmin: users.isAdmin,
}

/** Whether a slug is taken by any owner (user, organization or TF Hub publisher), any case. */
export async function ownerSlugTaken(db: Db, slug: string) {
  const [row] = await db
    .select({ id: owners.id })
    .from(owners)
    .where(sql`lower(${owners.slug}) = ${slug.toLowerCase()}`)
  return row !== undefined
}

export async function emailTaken(db: Db, email: string) {
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.email, email))
  return row !== undefined
}

/**
 * Creates the owner row (kind user, source local) and the user row in one batch. Throws a
 * unique-constraint error when the slug or the email was taken meanwhile.
 */
export async function createUser(
  db: Db,
  input: {
    username: string
    displayName: string
    email: string
    passwordHash: string | null
    isAdmin?: boolean
  },
): Promise<AccountUser> {
  const [, [user]] = await db.batch([
    db.insert(owners).values({
      slug: input.username,
      kind: 'user',
      displayName: input.displayName,
      source: 'local',
    }),
    db
      .insert(users)
      .values({
        ownerId: sql`(select id from owners where slug = ${input.username})`,
        email: input.email,
        passwordHash: input.passwordHash,
        isAdmin: input.isAdmin ?? false,
      })
      .returning({ id: users.id, ownerId: users.ownerId }),
  ])
  return {
    id: user!.id,
    ownerId: user!.ownerId,
    username: input.username,
    displayName: input.displayName,
    email: input.email,
    isAdmin: input.isAdmin ?? false,
  }
}

export async function getAccountUser(db: Db, userId: number): Promise<AccountUser | undefined> {
  const [row] = await db
    .select(accountColumns)
    .from(users)
    .innerJoin(owners, eq(owners.id, users.ownerId))
    .where(eq(users.id, userId))
  return row
}

/** A user and their password hash, by username or by email (an `@` means email). */
export async function findUserForSignIn(db: Db, login: string) {
  const where = login.includes('@') ? eq(users.email, login) : eq(owners.slug, login)
  const [row] = await db
    .select({ ...accountColumns, passwordHash: users.passwordHash })
    .from(users)
    .innerJoin(owners, eq(owners.id, users.ownerId))
    .where(where)
  return row
}

export async function getPasswordHash(db: Db, userId: number) {
  const [row] = await db
    .select({ passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, userId))
  return row?.passwordHash ?? null
}

export async function setPasswordHash(db: Db, userId: number, passwordHash: string) {
  await db.update(users).set({ passwordHash }).where(eq(users.id, userId))
}

export async function isOrganizationMember(db: Db, userId: number, organizationId: number) {
  const [row] = await db
    .select({ id: organizationMembers.userId })
    .from(organizationMembers)
    .where(
      and(
        eq(organizationMembers.userId, userId),
        eq(organizationMembers.organizationId, organizationId),
      ),
    )
  return row !== undefined
}
