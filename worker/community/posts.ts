// What every thread does with a reply, whether it answers a model's topic or a notebook: how the
// API shows it (votes, hidden words withheld), which of a page's replies the caller upvoted, the
// moderation and report bodies, and filing a report.
import type { Context } from 'hono'
import { z } from 'zod'
import type { AuthorRow } from '../../db/queries/discussions'
import { fileReport } from '../../db/queries/reports'
import { votedPosts, type PostKind } from '../../db/queries/votes'
import { currentUser } from '../accounts/permissions'
import type { ApiDiscussionComment } from '../api-types'
import type { AppEnv } from '../env'
import { toApiAuthor } from './authors'
import { countPosting } from './posting-limit'
import { discussionLimits, postText } from './post-text'

export const reportBody = z.object({ reason: postText(discussionLimits.reason) })
export const hideBody = z.object({ hidden: z.boolean() })

/** The columns of a reply row that the API shows, whichever table it comes from. */
interface ReplyRow {
  comment: {
    id: number
    bodyMd: string
    voteCount: number
    isHidden: boolean
    createdAt: Date
    editedAt: Date | null
    deletedAt: Date | null
  }
  author: AuthorRow
}

/** A reply for the API; `voted` holds the ids the caller upvoted, `moderator` sees hidden words. */
export function toApiReply(
  row: ReplyRow,
  voted: Set<number>,
  moderator: boolean,
): ApiDiscussionComment {
  const { comment } = row
  const deleted = comment.deletedAt !== null
  // a hidden reply keeps its place; its words are for moderators only
  const withheld = deleted || (comment.isHidden && !moderator)
  return {
    id: comment.id,
    author: withheld
      ? { slug: null, name: deleted ? 'deleted' : 'hidden' }
      : toApiAuthor(row.author),
    body: withheld ? '' : comment.bodyMd,
    voteCount: comment.voteCount,
    hasVoted: voted.has(comment.id),
    isHidden: comment.isHidden,
    isDeleted: deleted,
    isEdited: comment.editedAt !== null,
    createTime: comment.createdAt.toISOString(),
    ...(comment.editedAt ? { editTime: comment.editedAt.toISOString() } : {}),
  }
}

/** Which of these posts the caller upvoted (none when signed out). */
export async function votedBy(c: Context<AppEnv>, kind: PostKind, ids: number[]) {
  const actor = c.var.actor
  return actor.kind === 'user' ? votedPosts(c.var.db, actor.user.id, kind, ids) : new Set<number>()
}

/** Files the caller's report of a post, within the reporting rate; a second one changes nothing. */
export async function reportPost(c: Context<AppEnv>, kind: PostKind, id: number, reason: string) {
  const { user } = currentUser(c)
  await countPosting(c.var.db, user.id, 'report')
  await fileReport(c.var.db, { reporterId: user.id, targetKind: kind, targetId: id, reason })
  return c.json({ reported: true }, 201)
}
