// Discussions on models: topics (title + markdown) and replies. The API answers markdown, never
// HTML: the SPA renders it through the same sanitizer as model cards. Mounted at
// /api/v1/discussions, apart from Kaggle's /models/... paths. docs/community.md.
import { Hono, type Context } from 'hono'
import { z } from 'zod'
import {
  countComments,
  countDiscussionTopics,
  createComment,
  createTopic,
  deleteComment,
  deleteTopic,
  editComment,
  editTopic,
  getComment,
  getTopic,
  listComments,
  listDiscussionTopics,
  moderateComment,
  moderateTopic,
} from '../../db/queries/discussions'
import { authorize, currentUser, allows } from '../accounts/permissions'
import type {
  ApiDiscussionTopic,
  ApiDiscussionTopicDetail,
  ListDiscussionsResponse,
} from '../api-types'
import { toApiAuthor } from '../community/authors'
import { countPosting } from '../community/posting-limit'
import { hideBody, reportBody, reportPost, toApiReply, votedBy } from '../community/posts'
import { discussionLimits, postText, postTitle } from '../community/post-text'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { decodePageToken, encodePageToken } from '../lib/page-token'
import { resolveModel } from '../services/resolve'
import { jsonBody, legacyQuery } from '../validate'
import {
  commentAuthor,
  commentModelOwner,
  postId,
  topicAuthor,
  topicModelOwner,
} from './discussion-params'

const topicsPerPage = 30
const commentsPerPage = 50

const text = postText
const title = postTitle

const newTopicBody = z.object({ title, body: text(discussionLimits.body) })
const editTopicBody = z
  .object({ title: title.optional(), body: text(discussionLimits.body).optional() })
  .refine((v) => v.title !== undefined || v.body !== undefined, 'send title or body')
const replyBody = z.object({ body: text(discussionLimits.reply) })
const moderateTopicBody = z
  .object({
    pinned: z.boolean().optional(),
    locked: z.boolean().optional(),
    hidden: z.boolean().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'send pinned, locked or hidden')

const listQuery = z.object({
  sort: z.enum(['hot', 'recent', 'votes']).default('hot'),
  pageToken: z.string().max(200).optional(),
})
const topicToken = z.object({
  s: z.enum(['hot', 'recent', 'votes']),
  t: z.number().int(),
  o: z.number().int().min(0).max(1_000_000),
})
const commentQuery = z.object({ pageToken: z.string().max(200).optional() })
const commentToken = z.object({ o: z.number().int().min(0).max(1_000_000) })

type TopicRow = Awaited<ReturnType<typeof listDiscussionTopics>>[number]

function toApiTopic(row: TopicRow, voted: Set<number>): ApiDiscussionTopic {
  const { topic } = row
  const deleted = topic.deletedAt !== null
  return {
    id: topic.id,
    title: deleted ? '' : topic.title,
    author: deleted ? { slug: null, name: 'deleted' } : toApiAuthor(row.author),
    commentCount: topic.commentCount,
    voteCount: topic.voteCount,
    hasVoted: voted.has(topic.id),
    isPinned: topic.isPinned,
    isLocked: topic.isLocked,
    isHidden: topic.isHidden,
    isDeleted: deleted,
    isEdited: topic.editedAt !== null,
    createTime: topic.createdAt.toISOString(),
    lastActivityTime: topic.lastActivityAt.toISOString(),
    ...(topic.editedAt ? { editTime: topic.editedAt.toISOString() } : {}),
  }
}

/** The topic of a request as its reader may see it: hidden ones only for moderators. */
async function visibleTopic(c: Context<AppEnv>) {
  const row = await getTopic(c.var.db, postId(c))
  if (!row) throw new ApiError('NOT_FOUND', 'no such topic')
  const moderator = await allows(c, 'discussion.moderate', row.model.ownerId)
  if (row.topic.isHidden && !moderator) throw new ApiError('NOT_FOUND', 'no such topic')
  return { ...row, moderator }
}

const post = authorize('discussion.post')

const discussions = new Hono<AppEnv>()
  .get('/models/:owner/:model', legacyQuery(listQuery), async (c) => {
    const { owner, model } = c.req.param()
    const row = await resolveModel(c.var.db, owner, model)
    const query = c.req.valid('query')
    const page = query.pageToken
      ? await decodePageToken(c.env.PAGE_TOKEN_SECRET, query.pageToken, topicToken)
      : { s: query.sort, t: Date.now(), o: 0 }
    const includeHidden = await allows(c, 'discussion.moderate', row.model.ownerId)
    const [rows, total] = await Promise.all([
      listDiscussionTopics(c.var.db, row.id, {
        sort: page.s,
        now: page.t,
        offset: page.o,
        limit: topicsPerPage + 1,
        includeHidden,
      }),
      countDiscussionTopics(c.var.db, row.id, includeHidden),
    ])
    const shown = rows.slice(0, topicsPerPage)
    const voted = await votedBy(
      c,
      'topic',
      shown.map((r) => r.topic.id),
    )
    const body: ListDiscussionsResponse = {
      topics: shown.map((r) => toApiTopic(r, voted)),
      totalResults: total,
      sort: page.s,
      canModerate: includeHidden,
      ...(rows.length > topicsPerPage
        ? {
            nextPageToken: await encodePageToken(c.env.PAGE_TOKEN_SECRET, {
              s: page.s,
              t: page.t,
              o: page.o + topicsPerPage,
            }),
          }
        : {}),
    }
    return c.json(body, 200)
  })
  .post('/models/:owner/:model', post, jsonBody(newTopicBody), async (c) => {
    const { owner, model } = c.req.param()
    const row = await resolveModel(c.var.db, owner, model)
    const { user } = currentUser(c)
    const input = c.req.valid('json')
    await countPosting(c.var.db, user.id, 'post')
    const id = await createTopic(c.var.db, {
      modelId: row.id,
      authorId: user.id,
      title: input.title,
      bodyMd: input.body,
      now: new Date(),
    })
    return c.json({ id }, 201)
  })
  .get('/topics/:id', legacyQuery(commentQuery), async (c) => {
    const { topic, author, model, moderator } = await visibleTopic(c)
    const { pageToken } = c.req.valid('query')
    const offset = pageToken
      ? (await decodePageToken(c.env.PAGE_TOKEN_SECRET, pageToken, commentToken)).o
      : 0
    const [rows, total] = await Promise.all([
      listComments(c.var.db, topic.id, offset, commentsPerPage + 1),
      countComments(c.var.db, topic.id),
    ])
    const shown = rows.slice(0, commentsPerPage)
    const [votedTopic, votedComments] = await Promise.all([
      votedBy(c, 'topic', [topic.id]),
      votedBy(
        c,
        'comment',
        shown.map((r) => r.comment.id),
      ),
    ])
    const body: ApiDiscussionTopicDetail = {
      ...toApiTopic({ topic, author }, votedTopic),
      body: topic.deletedAt ? '' : topic.bodyMd,
      model: { ownerSlug: model.ownerSlug, modelSlug: model.slug },
      canModerate: moderator,
      comments: shown.map((r) => toApiReply(r, votedComments, moderator)),
      totalComments: total,
      ...(rows.length > commentsPerPage
        ? {
            nextPageToken: await encodePageToken(c.env.PAGE_TOKEN_SECRET, {
              o: offset + commentsPerPage,
            }),
          }
        : {}),
    }
    return c.json(body, 200)
  })
  .patch(
    '/topics/:id',
    authorize('discussion.edit', topicAuthor),
    jsonBody(editTopicBody),
    async (c) => {
      const input = c.req.valid('json')
      await editTopic(
        c.var.db,
        postId(c),
        {
          ...(input.title !== undefined ? { title: input.title } : {}),
          ...(input.body !== undefined ? { bodyMd: input.body } : {}),
        },
        new Date(),
      )
      return c.json({ id: postId(c), isEdited: true }, 200)
    },
  )
  .delete('/topics/:id', authorize('discussion.edit', topicAuthor), async (c) => {
    await deleteTopic(c.var.db, postId(c), new Date())
    return c.body(null, 204)
  })
  .post('/topics/:id/comments', post, jsonBody(replyBody), async (c) => {
    const { topic } = await visibleTopic(c)
    if (topic.deletedAt) throw new ApiError('NOT_FOUND', 'no such topic')
    if (topic.isLocked) throw new ApiError('CONFLICT', 'this topic is locked: no new replies')
    const { user } = currentUser(c)
    await countPosting(c.var.db, user.id, 'post')
    const id = await createComment(c.var.db, {
      topicId: topic.id,
      authorId: user.id,
      bodyMd: c.req.valid('json').body,
      now: new Date(),
    })
    return c.json({ id }, 201)
  })
  .patch(
    '/comments/:id',
    authorize('discussion.edit', commentAuthor),
    jsonBody(replyBody),
    async (c) => {
      await editComment(c.var.db, postId(c), c.req.valid('json').body, new Date())
      return c.json({ id: postId(c), isEdited: true }, 200)
    },
  )
  .delete('/comments/:id', authorize('discussion.edit', commentAuthor), async (c) => {
    await deleteComment(c.var.db, postId(c), new Date())
    return c.body(null, 204)
  })
  .put(
    '/topics/:id/moderation',
    authorize('discussion.moderate', topicModelOwner),
    jsonBody(moderateTopicBody),
    async (c) => {
      const { pinned, locked, hidden } = c.req.valid('json')
      await moderateTopic(c.var.db, postId(c), {
        ...(pinned !== undefined ? { isPinned: pinned } : {}),
        ...(locked !== undefined ? { isLocked: locked } : {}),
        ...(hidden !== undefined ? { isHidden: hidden } : {}),
      })
      const row = await getTopic(c.var.db, postId(c))
      return c.json(
        {
          isPinned: row!.topic.isPinned,
          isLocked: row!.topic.isLocked,
          isHidden: row!.topic.isHidden,
        },
        200,
      )
    },
  )
  .put(
    '/comments/:id/moderation',
    authorize('discussion.moderate', commentModelOwner),
    jsonBody(hideBody),
    async (c) => {
      const { hidden } = c.req.valid('json')
      await moderateComment(c.var.db, postId(c), hidden)
      return c.json({ isHidden: hidden }, 200)
    },
  )
  .post('/topics/:id/reports', authorize('discussion.report'), jsonBody(reportBody), async (c) => {
    const row = await getTopic(c.var.db, postId(c))
    if (!row || row.topic.deletedAt) throw new ApiError('NOT_FOUND', 'no such topic')
    return reportPost(c, 'topic', row.topic.id, c.req.valid('json').reason)
  })
  .post(
    '/comments/:id/reports',
    authorize('discussion.report'),
    jsonBody(reportBody),
    async (c) => {
      const row = await getComment(c.var.db, postId(c))
      if (!row || row.comment.deletedAt) throw new ApiError('NOT_FOUND', 'no such comment')
      return reportPost(c, 'comment', row.comment.id, c.req.valid('json').reason)
    },
  )

export default discussions
