// Upvotes on models, topics, comments, hosted notebooks and their comments: PUT votes, DELETE takes
// the vote back; both are idempotent and answer the exact count. Mounted at /api/v1/votes.
import { Hono } from 'hono'
import { getComment, getTopic } from '../../db/queries/discussions'
import { setNotebookVote } from '../../db/queries/notebooks'
import { setModelVote, setPostVote, type PostKind } from '../../db/queries/votes'
import { authorize, currentUser } from '../accounts/permissions'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { resolveModel } from '../services/resolve'
import { postId } from './discussion-params'
import { notebookComment, visibleNotebook } from './notebook-params'

const vote = authorize('community.vote')

/** A live post that may be voted on: deleted and hidden ones may not. */
async function votablePost(
  c: Parameters<typeof postId>[0],
  kind: Exclude<PostKind, 'notebook_comment'>,
) {
  const id = postId(c)
  const post =
    kind === 'topic'
      ? (await getTopic(c.var.db, id))?.topic
      : (await getComment(c.var.db, id))?.comment
  if (!post || post.deletedAt || post.isHidden) throw new ApiError('NOT_FOUND', `no such ${kind}`)
  return id
}

/**
 * A comment of a notebook the caller may see (else 404, a private one included); `votable` also
 * refuses deleted and hidden ones, which may not be voted on but may have their vote taken back.
 */
async function votedNotebookComment(c: Parameters<typeof postId>[0], votable: boolean) {
  const { comment } = await notebookComment(c)
  if (!comment || (votable && (comment.deletedAt || comment.isHidden)))
    throw new ApiError('NOT_FOUND', 'no such comment')
  return comment.id
}

const votes = new Hono<AppEnv>()
  .put('/models/:owner/:model', vote, async (c) => {
    const model = await resolveModel(c.var.db, c.req.param('owner'), c.req.param('model'))
    const voteCount = await setModelVote(c.var.db, currentUser(c).user.id, model.id, true)
    return c.json({ voteCount, hasVoted: true }, 200)
  })
  .delete('/models/:owner/:model', vote, async (c) => {
    const model = await resolveModel(c.var.db, c.req.param('owner'), c.req.param('model'))
    const voteCount = await setModelVote(c.var.db, currentUser(c).user.id, model.id, false)
    return c.json({ voteCount, hasVoted: false }, 200)
  })
  .put('/topics/:id', vote, async (c) => {
    const id = await votablePost(c, 'topic')
    const voteCount = await setPostVote(c.var.db, currentUser(c).user.id, 'topic', id, true)
    return c.json({ voteCount, hasVoted: true }, 200)
  })
  .delete('/topics/:id', vote, async (c) => {
    const id = postId(c)
    const voteCount = await setPostVote(c.var.db, currentUser(c).user.id, 'topic', id, false)
    return c.json({ voteCount, hasVoted: false }, 200)
  })
  .put('/comments/:id', vote, async (c) => {
    const id = await votablePost(c, 'comment')
    const voteCount = await setPostVote(c.var.db, currentUser(c).user.id, 'comment', id, true)
    return c.json({ voteCount, hasVoted: true }, 200)
  })
  .delete('/comments/:id', vote, async (c) => {
    const id = postId(c)
    const voteCount = await setPostVote(c.var.db, currentUser(c).user.id, 'comment', id, false)
    return c.json({ voteCount, hasVoted: false }, 200)
  })
  .put('/notebooks/:owner/:slug', vote, async (c) => {
    const id = (await visibleNotebook(c)).notebook.id
    const voteCount = await setNotebookVote(c.var.db, currentUser(c).user.id, id, true)
    return c.json({ voteCount, hasVoted: true }, 200)
  })
  .delete('/notebooks/:owner/:slug', vote, async (c) => {
    const id = (await visibleNotebook(c)).notebook.id
    const voteCount = await setNotebookVote(c.var.db, currentUser(c).user.id, id, false)
    return c.json({ voteCount, hasVoted: false }, 200)
  })
  .put('/notebooks/:owner/:slug/comments/:id', vote, async (c) => {
    const id = await votedNotebookComment(c, true)
    const { user } = currentUser(c)
    const voteCount = await setPostVote(c.var.db, user.id, 'notebook_comment', id, true)
    return c.json({ voteCount, hasVoted: true }, 200)
  })
  .delete('/notebooks/:owner/:slug/comments/:id', vote, async (c) => {
    const id = await votedNotebookComment(c, false)
    const { user } = currentUser(c)
    const voteCount = await setPostVote(c.var.db, user.id, 'notebook_comment', id, false)
    return c.json({ voteCount, hasVoted: false }, 200)
  })

export default votes
