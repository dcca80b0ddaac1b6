import type { Context } from 'hono'
import { getComment, getTopic } from '../../db/queries/discussions'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'

/** The `:id` of a topic or comment route: a positive integer, else 404. */
export function postId(c: Context<AppEnv>) {
  const value = c.req.param('id') ?? ''
  const id = /^\d{1,15}$/.test(value) ? Number(value) : 0
  if (id < 1) throw new ApiError('NOT_FOUND', `no such post: ${JSON.stringify(value.slice(0, 40))}`)
  return id
}

/** For 'author' rules: who wrote the live topic of the request. */
export async function topicAuthor(c: Context<AppEnv>) {
  const row = await getTopic(c.var.db, postId(c))
  if (!row || row.topic.deletedAt) throw new ApiError('NOT_FOUND', 'no such topic')
  return row.topic.authorId
}

export async function commentAuthor(c: Context<AppEnv>) {
  const row = await getComment(c.var.db, postId(c))
  if (!row || row.comment.deletedAt) throw new ApiError('NOT_FOUND', 'no such comment')
  return row.comment.authorId
}

/** For 'owner' rules: who owns the model the topic or comment belongs to. */
export async function topicModelOwner(c: Context<AppEnv>) {
  const row = await getTopic(c.var.db, postId(c))
  if (!row) throw new ApiError('NOT_FOUND', 'no such topic')
  return row.model.ownerId
}

export async function commentModelOwner(c: Context<AppEnv>) {
  const row = await getComment(c.var.db, postId(c))
  if (!row) throw new ApiError('NOT_FOUND', 'no such comment')
  return row.modelOwnerId
}
