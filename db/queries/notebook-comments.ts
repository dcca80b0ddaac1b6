import { and, asc, count, eq, isNull, sql } from 'drizzle-orm'
import type { Db } from '../client'
import { notebookComments, owners, users } from '../schema'

/** The author of a comment as the API shows it (the discussions' author columns). */
const authorColumns = {
  slug: owners.slug,
  displayName: owners.displayName,
  avatarUrl: owners.avatarUrl,
  deletedAt: users.deletedAt,
}

/**
 * A page of a notebook's thread in reading order: each top-level comment, oldest first, followed
 * by its replies, oldest first. Deleted comments keep their place.
 */
export async function listNotebookComments(
  db: Db,
  notebookId: number,
  offset: number,
  limit: number,
) {
  return db
    .select({ comment: notebookComments, author: authorColumns })
    .from(notebookComments)
    .innerJoin(users, eq(users.id, notebookComments.authorId))
    .innerJoin(owners, eq(owners.id, users.ownerId))
    .where(eq(notebookComments.notebookId, notebookId))
    .orderBy(
      asc(sql`coalesce(${notebookComments.parentId}, ${notebookComments.id})`),
      asc(notebookComments.id),
    )
    .limit(limit)
    .offset(offset)
}

export async function countNotebookComments(db: Db, notebookId: number) {
  const [row] = await db
    .select({ n: count() })
    .from(notebookComments)
    .where(eq(notebookComments.notebookId, notebookId))
  return row?.n ?? 0
}

/** A comment of this notebook (never another notebook's, whatever the id). */
export async function getNotebookComment(db: Db, notebookId: number, id: number) {
  const [row] = await db
    .select()
    .from(notebookComments)
    .where(and(eq(notebookComments.id, id), eq(notebookComments.notebookId, notebookId)))
  return row
}

export async function createNotebookComment(
  db: Db,
  input: {
    notebookId: number
    parentId: number | null
    authorId: number
    bodyMd: string
    now: Date
  },
) {
  const [row] = await db
    .insert(notebookComments)
    .values({
      notebookId: input.notebookId,
      parentId: input.parentId,
      authorId: input.authorId,
      bodyMd: input.bodyMd,
      createdAt: input.now,
      updatedAt: input.now,
    })
    .returning({ id: notebookComments.id })
  return row!.id
}

export async function editNotebookComment(db: Db, id: number, bodyMd: string, now: Date) {
  await db
    .update(notebookComments)
    .set({ bodyMd, editedAt: now, updatedAt: now })
    .where(and(eq(notebookComments.id, id), isNull(notebookComments.deletedAt)))
}

/** Deleting keeps the row (replies keep their place) and drops the words. */
export async function deleteNotebookComment(db: Db, id: number, now: Date) {
  await db
    .update(notebookComments)
    .set({ bodyMd: '', deletedAt: now, updatedAt: now })
    .where(and(eq(notebookComments.id, id), isNull(notebookComments.deletedAt)))
}

/** Hides a comment from readers who are no moderators, or shows it again; its place stays. */
export async function moderateNotebookComment(db: Db, id: number, isHidden: boolean) {
  await db.update(notebookComments).set({ isHidden }).where(eq(notebookComments.id, id))
}
