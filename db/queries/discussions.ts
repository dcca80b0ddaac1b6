import { and, asc, count, desc, eq, isNull, or, sql, type SQL } from 'drizzle-orm'
import type { Db } from '../client'
import { discussionComments, discussionTopics, models, owners, users } from '../schema'

export type TopicSort = 'hot' | 'recent' | 'votes'

/** The author of a post as the API shows it: a deleted account is "deleted user". */
const authorColumns = {
  slug: owners.slug,
  displayName: owners.displayName,
  avatarUrl: owners.avatarUrl,
  deletedAt: users.deletedAt,
}
export type AuthorRow = {
  slug: string
  displayName: string
  avatarUrl: string | null
  deletedAt: Date | null
}

// Hot: votes and replies, divided by age in hours (plus two) to the power 1.5, as news sites
// rank. `now` is fixed by the first page so that later pages continue the same order.
const hotScore = (now: number) =>
  sql`(${discussionTopics.voteCount} + ${discussionTopics.commentCount} + 1.0) / pow((${now} - ${discussionTopics.createdAt}) / 3600000.0 + 2, 1.5)`

const orderOf = (sort: TopicSort, now: number): SQL[] => {
  const pinned = desc(discussionTopics.isPinned)
  switch (sort) {
    case 'hot':
      return [pinned, desc(hotScore(now)), desc(discussionTopics.id)]
    case 'recent':
      return [pinned, desc(discussionTopics.lastActivityAt), desc(discussionTopics.id)]
    case 'votes':
      return [pinned, desc(discussionTopics.voteCount), desc(discussionTopics.id)]
  }
}

/** Topics shown in a model's list: a deleted one stays while it has replies (the thread keeps its
 * shape); hidden ones only for moderators. */
function shownTopics(modelId: number, includeHidden: boolean) {
  return and(
    eq(discussionTopics.modelId, modelId),
    or(isNull(discussionTopics.deletedAt), sql`${discussionTopics.commentCount} > 0`),
    includeHidden ? undefined : eq(discussionTopics.isHidden, false),
  )
}

export async function listDiscussionTopics(
  db: Db,
  modelId: number,
  page: { sort: TopicSort; now: number; offset: number; limit: number; includeHidden: boolean },
) {
  return db
    .select({ topic: discussionTopics, author: authorColumns })
    .from(discussionTopics)
    .innerJoin(users, eq(users.id, discussionTopics.authorId))
    .innerJoin(owners, eq(owners.id, users.ownerId))
    .where(shownTopics(modelId, page.includeHidden))
    .orderBy(...orderOf(page.sort, page.now))
    .limit(page.limit)
    .offset(page.offset)
}

export async function countDiscussionTopics(db: Db, modelId: number, includeHidden: boolean) {
  const [row] = await db
    .select({ n: count() })
    .from(discussionTopics)
    .where(shownTopics(modelId, includeHidden))
  return row?.n ?? 0
}

/** A topic with its author and the model it belongs to (public models only). */
export async function getTopic(db: Db, id: number) {
  const modelOwners = sql`(select slug from owners where id = ${models.ownerId})`
  const [row] = await db
    .select({
      topic: discussionTopics,
      author: authorColumns,
      model: {
        id: models.id,
        ownerId: models.ownerId,
        slug: models.slug,
        ownerSlug: sql<string>`${modelOwners}`,
      },
    })
    .from(discussionTopics)
    .innerJoin(users, eq(users.id, discussionTopics.authorId))
    .innerJoin(owners, eq(owners.id, users.ownerId))
    .innerJoin(models, eq(models.id, discussionTopics.modelId))
    .where(and(eq(discussionTopics.id, id), eq(models.isListed, true), eq(models.isPrivate, false)))
  return row
}

/** A comment with its topic's model owner, for authorization. */
export async function getComment(db: Db, id: number) {
  const [row] = await db
    .select({
      comment: discussionComments,
      topicId: discussionTopics.id,
      isLocked: discussionTopics.isLocked,
      modelOwnerId: models.ownerId,
    })
    .from(discussionComments)
    .innerJoin(discussionTopics, eq(discussionTopics.id, discussionComments.topicId))
    .innerJoin(models, eq(models.id, discussionTopics.modelId))
    .where(
      and(eq(discussionComments.id, id), eq(models.isListed, true), eq(models.isPrivate, false)),
    )
  return row
}

/** A page of a topic's replies, oldest first (deleted and hidden ones keep their place). */
export async function listComments(db: Db, topicId: number, offset: number, limit: number) {
  return db
    .select({ comment: discussionComments, author: authorColumns })
    .from(discussionComments)
    .innerJoin(users, eq(users.id, discussionComments.authorId))
    .innerJoin(owners, eq(owners.id, users.ownerId))
    .where(eq(discussionComments.topicId, topicId))
    .orderBy(asc(discussionComments.createdAt), asc(discussionComments.id))
    .limit(limit)
    .offset(offset)
}

export async function countComments(db: Db, topicId: number) {
  const [row] = await db
    .select({ n: count() })
    .from(discussionComments)
    .where(eq(discussionComments.topicId, topicId))
  return row?.n ?? 0
}

export async function createTopic(
  db: Db,
  input: { modelId: number; authorId: number; title: string; bodyMd: string; now: Date },
) {
  const [row] = await db
    .insert(discussionTopics)
    .values({ ...input, createdAt: input.now, updatedAt: input.now, lastActivityAt: input.now })
    .returning({ id: discussionTopics.id })
  return row!.id
}

export async function createComment(
  db: Db,
  input: { topicId: number; authorId: number; bodyMd: string; now: Date },
) {
  const [row] = await db
    .insert(discussionComments)
    .values({
      topicId: input.topicId,
      authorId: input.authorId,
      bodyMd: input.bodyMd,
      createdAt: input.now,
      updatedAt: input.now,
    })
    .returning({ id: discussionComments.id })
  return row!.id
}

export async function editTopic(
  db: Db,
  id: number,
  change: { title?: string; bodyMd?: string },
  now: Date,
) {
  await db
    .update(discussionTopics)
    .set({ ...change, editedAt: now, updatedAt: now })
    .where(and(eq(discussionTopics.id, id), isNull(discussionTopics.deletedAt)))
}

export async function editComment(db: Db, id: number, bodyMd: string, now: Date) {
  await db
    .update(discussionComments)
    .set({ bodyMd, editedAt: now, updatedAt: now })
    .where(and(eq(discussionComments.id, id), isNull(discussionComments.deletedAt)))
}

/** Deleting keeps the row (the thread keeps its shape) and drops the words. */
export async function deleteTopic(db: Db, id: number, now: Date) {
  await db
    .update(discussionTopics)
    .set({ title: '', bodyMd: '', deletedAt: now, updatedAt: now, isPinned: false })
    .where(and(eq(discussionTopics.id, id), isNull(discussionTopics.deletedAt)))
}

export async function deleteComment(db: Db, id: number, now: Date) {
  await db
    .update(discussionComments)
    .set({ bodyMd: '', deletedAt: now, updatedAt: now })
    .where(and(eq(discussionComments.id, id), isNull(discussionComments.deletedAt)))
}

export async function moderateTopic(
  db: Db,
  id: number,
  change: { isPinned?: boolean; isLocked?: boolean; isHidden?: boolean },
) {
  if (Object.keys(change).length === 0) return
  await db.update(discussionTopics).set(change).where(eq(discussionTopics.id, id))
}

export async function moderateComment(db: Db, id: number, isHidden: boolean) {
  await db.update(discussionComments).set({ isHidden }).where(eq(discussionComments.id, id))
}

/** A user's latest live, visible topics and replies on public models, for their profile page. */
export async function recentPostsBy(db: Db, userId: number, limit: number) {
  const modelOwner = sql<string>`(select slug from owners where id = ${models.ownerId})`
  const visible = and(eq(models.isListed, true), eq(models.isPrivate, false))
  const [topics, comments] = await Promise.all([
    db
      .select({
        id: discussionTopics.id,
        title: discussionTopics.title,
        createdAt: discussionTopics.createdAt,
        ownerSlug: modelOwner,
        modelSlug: models.slug,
      })
      .from(discussionTopics)
      .innerJoin(models, eq(models.id, discussionTopics.modelId))
      .where(
        and(
          eq(discussionTopics.authorId, userId),
          isNull(discussionTopics.deletedAt),
          eq(discussionTopics.isHidden, false),
          visible,
        ),
      )
      .orderBy(desc(discussionTopics.createdAt))
      .limit(limit),
    db
      .select({
        id: discussionComments.id,
        topicId: discussionTopics.id,
        title: discussionTopics.title,
        createdAt: discussionComments.createdAt,
        ownerSlug: modelOwner,
        modelSlug: models.slug,
      })
      .from(discussionComments)
      .innerJoin(discussionTopics, eq(discussionTopics.id, discussionComments.topicId))
      .innerJoin(models, eq(models.id, discussionTopics.modelId))
      .where(
        and(
          eq(discussionComments.authorId, userId),
          isNull(discussionComments.deletedAt),
          eq(discussionComments.isHidden, false),
          isNull(discussionTopics.deletedAt),
          eq(discussionTopics.isHidden, false),
          visible,
        ),
      )
      .orderBy(desc(discussionComments.createdAt))
      .limit(limit),
  ])
  return { topics, comments }
}
