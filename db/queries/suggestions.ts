import { desc, eq } from 'drizzle-orm'
import type { Db } from '../client'
import { owners, sourceSuggestions, users } from '../schema'

export type SuggestionStatus = 'new' | 'reviewing' | 'accepted' | 'rejected'
export type SuggestionRow = typeof sourceSuggestions.$inferSelect

export async function createSuggestion(
  db: Db,
  input: { userId: number; name: string; url: string; note: string },
) {
  const [row] = await db.insert(sourceSuggestions).values(input).returning()
  return row!
}

export async function listSuggestionsOf(db: Db, userId: number) {
  return db
    .select()
    .from(sourceSuggestions)
    .where(eq(sourceSuggestions.userId, userId))
    .orderBy(desc(sourceSuggestions.createdAt), desc(sourceSuggestions.id))
    .limit(100)
}

/** The admin's queue: every suggestion (or those with one status), newest first. */
export async function listSuggestions(
  db: Db,
  status: SuggestionStatus | undefined,
  limit: number,
  offset: number,
) {
  return db
    .select({ suggestion: sourceSuggestions, username: owners.slug })
    .from(sourceSuggestions)
    .innerJoin(users, eq(users.id, sourceSuggestions.userId))
    .innerJoin(owners, eq(owners.id, users.ownerId))
    .where(status ? eq(sourceSuggestions.status, status) : undefined)
    .orderBy(desc(sourceSuggestions.createdAt), desc(sourceSuggestions.id))
    .limit(limit)
    .offset(offset)
}

export async function updateSuggestion(
  db: Db,
  id: number,
  change: { status: SuggestionStatus; adminNote?: string },
  now: Date,
) {
  const [row] = await db
    .update(sourceSuggestions)
    .set({ ...change, updatedAt: now })
    .where(eq(sourceSuggestions.id, id))
    .returning()
  return row
}
