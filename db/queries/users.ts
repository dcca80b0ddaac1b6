import { and, eq, isNull, sql } from 'drizzle-orm'
import type { Db } from '../client'
import { apiTokens, organizationMembers, owners, sessions, users } from '../schema'

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

interface NewUser {
  username: string
  displayName: string
  email: string
  passwordHash: string | null
  isAdmin?: boolean
}

/**
 * The two inserts that make a user: the owner row (kind user, source local), then the user row
 * pointing at it by slug, so they can go in one batch (with more statements after them). The
 * second answers the new ids; `accountUserOf` turns them into an AccountUser.
 */
export function newUserInserts(db: Db, input: NewUser) {
  return [
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
  ] as const
}

export function accountUserOf(
  input: NewUser,
  inserted: { id: number; ownerId: number }[],
): AccountUser {
  const [user] = inserted
  return {
    id: user!.id,
    ownerId: user!.ownerId,
    username: input.username,
    displayName: input.displayName,
    email: input.email,
    isAdmin: input.isAdmin ?? false,
  }
}

/**
 * Creates the owner row and the user row in one batch. Throws a unique-constraint error when the
 * slug or the email was taken meanwhile.
 */
export async function createUser(db: Db, input: NewUser): Promise<AccountUser> {
  const [, inserted] = await db.batch(newUserInserts(db, input))
  return accountUserOf(input, inserted)
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

/** A live user's public profile by username (deleted accounts have none). */
export async function getPublicUser(db: Db, username: string) {
  const [row] = await db
    .select({ id: users.id, owner: owners })
    .from(users)
    .innerJoin(owners, eq(owners.id, users.ownerId))
    .where(and(eq(owners.slug, username), isNull(users.deletedAt)))
  return row
}

export async function updateProfile(
  db: Db,
  ownerId: number,
  change: { displayName?: string; aboutMd?: string },
) {
  if (Object.keys(change).length === 0) return
  await db
    .update(owners)
    .set({ ...change, updatedAt: new Date() })
    .where(eq(owners.id, ownerId))
}

/** Sets the avatar URL and answers the previous one (its object is then deleted). */
export async function setAvatarUrl(db: Db, ownerId: number, avatarUrl: string | null) {
  const [[before]] = await db.batch([
    db.select({ url: owners.avatarUrl }).from(owners).where(eq(owners.id, ownerId)),
    db.update(owners).set({ avatarUrl, updatedAt: new Date() }).where(eq(owners.id, ownerId)),
  ])
  return before?.url ?? null
}

/**
 * Deletes an account as a tombstone, in one batch: the user and owner rows stay (posts keep their
 * author, who shows as "deleted user"; the username is not freed, so nobody can take it over),
 * while the email, password, profile, sessions, credentials and memberships go.
 */
export async function tombstoneUser(db: Db, userId: number, ownerId: number, now: Date) {
  await db.batch([
    db
      .update(users)
      .set({
        deletedAt: now,
        passwordHash: null,
        isAdmin: false,
        email: `deleted-${userId}@deleted.invalid`,
      })
      .where(eq(users.id, userId)),
    db
      .update(owners)
      .set({
        displayName: 'deleted user',
        avatarUrl: null,
        aboutMd: '',
        websiteUrl: null,
        updatedAt: now,
      })
      .where(eq(owners.id, ownerId)),
    db.delete(sessions).where(eq(sessions.userId, userId)),
    db
      .update(apiTokens)
      .set({ revokedAt: now })
      .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt))),
    db.delete(organizationMembers).where(eq(organizationMembers.userId, userId)),
  ])
}

/** Adds a user to an organization (or changes their role). */
export async function addOrganizationMember(
  db: Db,
  organizationId: number,
  userId: number,
  role: 'owner' | 'member',
) {
  await db
    .insert(organizationMembers)
    .values({ organizationId, userId, role })
    .onConflictDoUpdate({
      target: [organizationMembers.organizationId, organizationMembers.userId],
      set: { role },
    })
}

export async function removeOrganizationMember(db: Db, organizationId: number, userId: number) {
  const rows = await db
    .delete(organizationMembers)
    .where(
      and(
        eq(organizationMembers.organizationId, organizationId),
        eq(organizationMembers.userId, userId),
      ),
    )
    .returning({ userId: organizationMembers.userId })
  return rows.length > 0
}

export async function listOrganizationMembers(db: Db, organizationId: number) {
  return db
    .select({
      username: owners.slug,
      displayName: owners.displayName,
      role: organizationMembers.role,
    })
    .from(organizationMembers)
    .innerJoin(users, eq(users.id, organizationMembers.userId))
    .innerJoin(owners, eq(owners.id, users.ownerId))
    .where(eq(organizationMembers.organizationId, organizationId))
}
