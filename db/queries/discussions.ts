import { and, count, desc, eq, isNull } from 'drizzle-orm'
import type { Db } from '../client'
import { discussionTopics, owners, users } from '../schema'

/** Live discussion topics of a model, pinned first, then by last activity; at most `limit`. */
export async function listDiscussionTopics(db: Db, modelId: number, limit: number) {
  return db
    .select({ topic: discussionTopics, author: owners })
    .from(discussionTopics)
    .innerJoin(users, eq(users.id, discussionTopics.authorId))
    .innerJoin(owners, eq(owners.id, users.ownerId))
    .where(and(eq(discussionTopics.modelId, modelId), isNull(discussionTopics.deletedAt)))
    .orderBy(
      desc(discussionTopics.isPinned),
      desc(discussionTopics.lastActivityAt),
      desc(discussionTopics.id),
    )
    .limit(limit)
}

/** How many live topics a model has. */
export async function countDiscussionTopics(db: Db, modelId: number) {
  const [row] = await db
    .select({ n: count() })
    .from(discussionTopics)
    .where(and(eq(discussionTopics.modelId, modelId), isNull(discussionTopics.deletedAt)))
  return row?.n ?? 0
}
