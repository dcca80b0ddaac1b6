// Public profiles of users and their avatars. Mounted at /api/v1 (/users/:username, /avatars/:name).
import { Hono } from 'hono'
import { recentPostsBy } from '../../db/queries/discussions'
import { getPublicUser } from '../../db/queries/users'
import { avatarKeyOfName } from '../community/avatar'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'

const recentShown = 20

const users = new Hono<AppEnv>()
  .get('/users/:username', async (c) => {
    const username = c.req.param('username').toLowerCase()
    const row = await getPublicUser(c.var.db, username)
    if (!row || row.owner.kind !== 'user') throw new ApiError('NOT_FOUND', `no user ${username}`)
    const posts = await recentPostsBy(c.var.db, row.id, recentShown)
    return c.json(
      {
        username: row.owner.slug,
        displayName: row.owner.displayName,
        ...(row.owner.avatarUrl ? { imageUrl: row.owner.avatarUrl } : {}),
        // markdown, as everywhere in the API
        about: row.owner.aboutMd,
        createTime: row.owner.createdAt.toISOString(),
        topics: posts.topics.map((t) => ({
          id: t.id,
          title: t.title,
          model: { ownerSlug: t.ownerSlug, modelSlug: t.modelSlug },
          createTime: t.createdAt.toISOString(),
        })),
        replies: posts.comments.map((r) => ({
          id: r.id,
          topicId: r.topicId,
          topicTitle: r.title,
          model: { ownerSlug: r.ownerSlug, modelSlug: r.modelSlug },
          createTime: r.createdAt.toISOString(),
        })),
      },
      200,
    )
  })
  .get('/avatars/:name', async (c) => {
    const key = avatarKeyOfName(c.req.param('name'))
    const object = key && (await c.env.BUCKET.get(key))
    if (!object) throw new ApiError('NOT_FOUND', 'no such avatar')
    return new Response(object.body, {
      headers: {
        'content-type': object.httpMetadata?.contentType ?? 'application/octet-stream',
        'content-length': String(object.size),
        // the name changes with every upload
        'cache-control': 'public, max-age=31536000, immutable',
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; sandbox",
      },
    })
  })

export default users
