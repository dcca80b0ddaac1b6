// A notebook's comment thread (docs/notebooks.md, "Comments"): the discussions' words, limits,
// posting rate, authors, votes, hiding and reports, on a notebook. A private notebook's thread
// exists only for those who may see the notebook: 404 to anyone else, on every route. Chained
// into /api/v1/notebooks; the votes are in votes.ts.
import { Hono, type Context } from 'hono'
import { z } from 'zod'
import {
  countNotebookComments,
  createNotebookComment,
  deleteNotebookComment,
  editNotebookComment,
  getNotebookComment,
  listNotebookComments,
  moderateNotebookComment,
} from '../../db/queries/notebook-comments'
import { allows, authorize, currentUser } from '../accounts/permissions'
import type { ListNotebookCommentsResponse } from '../api-types'
import { countPosting } from '../community/posting-limit'
import { hideBody, reportBody, reportPost, toApiReply, votedBy } from '../community/posts'
import { discussionLimits, postText } from '../community/post-text'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { decodePageToken, encodePageToken } from '../lib/page-token'
import { jsonBody, legacyQuery } from '../validate'
import { notebookComment, visibleNotebook } from './notebook-params'

const commentsPerPage = 50

const newCommentBody = z.object({
  body: postText(discussionLimits.reply),
  parentId: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
})
const editCommentBody = z.object({ body: postText(discussionLimits.reply) })
const pageQuery = z.object({ pageToken: z.string().max(200).optional() })
const pageToken = z.object({ n: z.number().int(), o: z.number().int().min(0).max(1_000_000) })

/** The live comment of the request's `:id` on the notebook the caller may see, else 404. */
async function visibleComment(c: Context<AppEnv>) {
  const { notebook, comment } = await notebookComment(c)
  if (!comment || comment.deletedAt) throw new ApiError('NOT_FOUND', 'no such comment')
  return { notebook, comment }
}

/** For the 'author' rule: who wrote the comment (404 first when the notebook is not visible). */
const commentAuthor = async (c: Context<AppEnv>) => (await visibleComment(c)).comment.authorId

/** For the 'owner' rule: who owns the notebook of a live comment (404 first, as above). */
const commentNotebookOwner = async (c: Context<AppEnv>) =>
  (await visibleComment(c)).notebook.ownerId

const notebookComments = new Hono<AppEnv>()
  .get('/:owner/:slug/comments', legacyQuery(pageQuery), async (c) => {
    const { notebook } = await visibleNotebook(c)
    const { pageToken: token } = c.req.valid('query')
    const page = token
      ? await decodePageToken(c.env.PAGE_TOKEN_SECRET, token, pageToken)
      : { n: notebook.id, o: 0 }
    // a token is for one notebook's thread
    if (page.n !== notebook.id) throw new ApiError('BAD_REQUEST', 'pageToken is for another thread')
    const [rows, total, moderator] = await Promise.all([
      listNotebookComments(c.var.db, notebook.id, page.o, commentsPerPage + 1),
      countNotebookComments(c.var.db, notebook.id),
      allows(c, 'notebook.moderate', notebook.ownerId),
    ])
    const shown = rows.slice(0, commentsPerPage)
    const voted = await votedBy(
      c,
      'notebook_comment',
      shown.map((r) => r.comment.id),
    )
    const body: ListNotebookCommentsResponse = {
      comments: shown.map((r) => ({
        ...toApiReply(r, voted, moderator),
        parentId: r.comment.parentId,
      })),
      totalComments: total,
      canModerate: moderator,
      ...(rows.length > commentsPerPage
        ? {
            nextPageToken: await encodePageToken(c.env.PAGE_TOKEN_SECRET, {
              n: notebook.id,
              o: page.o + commentsPerPage,
            }),
          }
        : {}),
    }
    return c.json(body, 200)
  })
  .post(
    '/:owner/:slug/comments',
    authorize('discussion.post'),
    jsonBody(newCommentBody),
    async (c) => {
      const { notebook } = await visibleNotebook(c)
      const input = c.req.valid('json')
      let parentId: number | null = null
      if (input.parentId !== undefined) {
        const parent = await getNotebookComment(c.var.db, notebook.id, input.parentId)
        // a hidden comment is not there to answer, but for those who may see it (moderators)
        const unseen = parent?.isHidden && !(await allows(c, 'notebook.moderate', notebook.ownerId))
        if (!parent || parent.deletedAt || unseen)
          throw new ApiError('NOT_FOUND', 'no such comment to reply to')
        // one level of replies: an answer to a reply joins its thread
        parentId = parent.parentId ?? parent.id
      }
      const { user } = currentUser(c)
      await countPosting(c.var.db, user.id, 'post')
      const id = await createNotebookComment(c.var.db, {
        notebookId: notebook.id,
        parentId,
        authorId: user.id,
        bodyMd: input.body,
        now: new Date(),
      })
      return c.json({ id, parentId }, 201)
    },
  )
  .patch(
    '/:owner/:slug/comments/:id',
    authorize('discussion.edit', commentAuthor),
    jsonBody(editCommentBody),
    async (c) => {
      const { comment } = await visibleComment(c)
      await editNotebookComment(c.var.db, comment.id, c.req.valid('json').body, new Date())
      return c.json({ id: comment.id, isEdited: true }, 200)
    },
  )
  .delete('/:owner/:slug/comments/:id', authorize('discussion.edit', commentAuthor), async (c) => {
    const { comment } = await visibleComment(c)
    await deleteNotebookComment(c.var.db, comment.id, new Date())
    return c.body(null, 204)
  })
  .put(
    '/:owner/:slug/comments/:id/moderation',
    authorize('notebook.moderate', commentNotebookOwner),
    jsonBody(hideBody),
    async (c) => {
      const { comment } = await visibleComment(c)
      const { hidden } = c.req.valid('json')
      await moderateNotebookComment(c.var.db, comment.id, hidden)
      return c.json({ isHidden: hidden }, 200)
    },
  )
  .post(
    '/:owner/:slug/comments/:id/reports',
    authorize('discussion.report'),
    jsonBody(reportBody),
    async (c) => {
      const { comment } = await visibleComment(c)
      return reportPost(c, 'notebook_comment', comment.id, c.req.valid('json').reason)
    },
  )

export default notebookComments
