import { and, eq, inArray } from 'drizzle-orm'
import type { Db } from '../client'
import {
  discussionComments,
  discussionTopics,
  discussionVotes,
  models,
  notebookComments,
  votes,
} from '../schema'

/** What a discussion vote or report is about: a topic, its reply, a notebook's comment. */
export type PostKind = (typeof discussionVotes.$inferSelect)['targetKind']

const postTables = {
  topic: discussionTopics,
  comment: discussionComments,
  notebook_comment: notebookComments,
} as const satisfies Record<PostKind, unknown>

/**
 * Upvotes a model (`on`) or takes the upvote back, and answers the model's count, in one batch.
 * Doing it twice changes nothing: the vote is a row keyed by user and model, and the count is kept
 * by triggers that fire only when a row really comes or goes (migration 0011).
 */
export async function setModelVote(db: Db, userId: number, modelId: number, on: boolean) {
  const [, [row]] = await db.batch([
    on
      ? db.insert(votes).values({ userId, modelId }).onConflictDoNothing()
      : db.delete(votes).where(and(eq(votes.userId, userId), eq(votes.modelId, modelId))),
    db.select({ count: models.voteCount }).from(models).where(eq(models.id, modelId)),
  ])
  return row?.count ?? 0
}

/** The same for a topic, a reply or a notebook comment. */
export async function setPostVote(db: Db, userId: number, kind: PostKind, id: number, on: boolean) {
  const table = postTables[kind]
  const mine = and(
    eq(discussionVotes.userId, userId),
    eq(discussionVotes.targetKind, kind),
    eq(discussionVotes.targetId, id),
  )
  const [, [row]] = await db.batch([
    on
      ? db
          .insert(discussionVotes)
          .values({ userId, targetKind: kind, targetId: id })
          .onConflictDoNothing()
      : db.delete(discussionVotes).where(mine),
    db.select({ count: table.voteCount }).from(table).where(eq(table.id, id)),
  ])
  return row?.count ?? 0
}

export async function hasVotedModel(db: Db, userId: number, modelId: number) {
  const [row] = await db
    .select({ userId: votes.userId })
    .from(votes)
    .where(and(eq(votes.userId, userId), eq(votes.modelId, modelId)))
  return row !== undefined
}

/** Which of these posts the user has upvoted. */
export async function votedPosts(db: Db, userId: number, kind: PostKind, ids: number[]) {
  if (ids.length === 0) return new Set<number>()
  const rows = await db
    .select({ id: discussionVotes.targetId })
    .from(discussionVotes)
    .where(
      and(
        eq(discussionVotes.userId, userId),
        eq(discussionVotes.targetKind, kind),
        inArray(discussionVotes.targetId, ids),
      ),
    )
  return new Set(rows.map((r) => r.id))
}
