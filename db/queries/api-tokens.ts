import { and, desc, eq, isNull } from 'drizzle-orm'
import type { Db } from '../client'
import { apiTokens, owners, users } from '../schema'
import { accountColumns } from './users'

export type ApiTokenRow = typeof apiTokens.$inferSelect

export async function createApiToken(
  db: Db,
  input: {
    userId: number
    kind: 'legacy' | 'access'
    name: string
    tokenHash: string
    prefix: string
    scopes: string
    expiresAt: Date | null
  },
) {
  const [row] = await db.insert(apiTokens).values(input).returning()
  return row!
}

/**
 * The user's new legacy key, replacing the old one (revoked, kept for the record) in one batch:
 * a user has at most one live legacy key, as on Kaggle.
 */
export async function replaceLegacyKey(
  db: Db,
  input: { userId: number; tokenHash: string; prefix: string; now: Date },
) {
  await db.batch([
    db
      .update(apiTokens)
      .set({ revokedAt: input.now })
      .where(
        and(
          eq(apiTokens.userId, input.userId),
          eq(apiTokens.kind, 'legacy'),
          isNull(apiTokens.revokedAt),
        ),
      ),
    db.insert(apiTokens).values({
      userId: input.userId,
      kind: 'legacy',
      name: 'kaggle.json',
      tokenHash: input.tokenHash,
      prefix: input.prefix,
      scopes: 'read,write',
    }),
  ])
}

/** A token by the hash of its value, with its user, whatever its state (the caller checks). */
export async function findApiToken(db: Db, tokenHash: string) {
  const [row] = await db
    .select({ token: apiTokens, user: accountColumns })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .innerJoin(owners, eq(owners.id, users.ownerId))
    .where(eq(apiTokens.tokenHash, tokenHash))
  return row
}

export async function listApiTokens(db: Db, userId: number) {
  return db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id))
}

export async function revokeApiToken(db: Db, userId: number, id: number, now: Date) {
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id })
  return rows.length > 0
}

export async function touchApiToken(db: Db, id: number, now: Date) {
  await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, id))
}
