import { and, desc, eq, gt, ne } from 'drizzle-orm'
import type { Db } from '../client'
import { sessions } from '../schema'

export async function createSession(
  db: Db,
  input: {
    id: string
    tokenHash: string
    userId: number
    userAgent: string
    now: Date
    expiresAt: Date
  },
) {
  await db.insert(sessions).values({ ...input, createdAt: input.now, lastSeenAt: input.now })
}

/** A live session by the hash of its cookie value, or undefined (unknown or expired). */
export async function findSession(db: Db, tokenHash: string, now: Date) {
  const [row] = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, now)))
  return row
}

/** Slides a session's expiry forward and records it was seen. */
export async function touchSession(db: Db, id: string, now: Date, expiresAt: Date) {
  await db.update(sessions).set({ lastSeenAt: now, expiresAt }).where(eq(sessions.id, id))
}

export async function listSessions(db: Db, userId: number, now: Date) {
  return db
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, now)))
    .orderBy(desc(sessions.lastSeenAt))
}

/** Deletes one of a user's sessions; false when the user has no session with that id. */
export async function deleteSession(db: Db, userId: number, id: string) {
  const rows = await db
    .delete(sessions)
    .where(and(eq(sessions.id, id), eq(sessions.userId, userId)))
    .returning({ id: sessions.id })
  return rows.length > 0
}

/** Deletes all of a user's sessions, or all but `keepId`. */
export async function deleteSessionsOf(db: Db, userId: number, keepId?: string) {
  await db
    .delete(sessions)
    .where(
      keepId
        ? and(eq(sessions.userId, userId), ne(sessions.id, keepId))
        : eq(sessions.userId, userId),
    )
}
