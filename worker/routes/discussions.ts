// A model's discussion topics, read-only: writing comes with accounts. Mounted at
// /api/v1/discussions so it cannot collide with Kaggle's /models/... paths.
import { Hono } from 'hono'
import { countDiscussionTopics, listDiscussionTopics } from '../../db/queries/discussions'
import type { ListDiscussionsResponse } from '../api-types'
import type { AppEnv } from '../env'
import { resolveModel } from '../services/resolve'

const topicsShown = 50

const discussions = new Hono<AppEnv>().get('/models/:owner/:model', async (c) => {
  const { owner, model } = c.req.param()
  const row = await resolveModel(c.var.db, owner, model)
  const [rows, total] = await Promise.all([
    listDiscussionTopics(c.var.db, row.id, topicsShown),
    countDiscussionTopics(c.var.db, row.id),
  ])
  const body: ListDiscussionsResponse = {
    topics: rows.map(({ topic, author }) => ({
      id: topic.id,
      title: topic.title,
      author: {
        slug: author.slug,
        name: author.displayName,
        ...(author.avatarUrl ? { imageUrl: author.avatarUrl } : {}),
      },
      commentCount: topic.commentCount,
      isPinned: topic.isPinned,
      isLocked: topic.isLocked,
      createTime: topic.createdAt.toISOString(),
      lastActivityTime: topic.lastActivityAt.toISOString(),
    })),
    totalResults: total,
  }
  return c.json(body, 200)
})

export default discussions
