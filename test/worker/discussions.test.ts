import { describe, expect, it } from 'vitest'
import type { ListDiscussionsResponse } from '../../worker/api-types'
import { discussionTopics, owners, users } from '../../db/schema'
import { db, fresh, json, makeModel as makeAnyModel, request } from './helpers'

const makeModel = () => makeAnyModel({ title: 'Talked about' })

async function makeUser() {
  const [owner] = await db()
    .insert(owners)
    .values({ slug: fresh('user'), kind: 'user', displayName: 'Grace', source: 'local' })
    .returning()
  const [user] = await db()
    .insert(users)
    .values({ ownerId: owner!.id, email: `${owner!.slug}@example.test` })
    .returning()
  return { owner: owner!, user: user! }
}

describe('GET /api/v1/discussions/models/:owner/:model', () => {
  it('returns an empty list for a model nobody has discussed', async () => {
    const { owner, model } = await makeModel()
    const res = await request(`/api/v1/discussions/models/${owner.slug}/${model.slug}`)
    expect(res.status).toBe(200)
    expect(await json<ListDiscussionsResponse>(res)).toMatchObject({ topics: [], totalResults: 0 })
  })

  it('lists live topics pinned first, then by last activity, with their authors', async () => {
    const { owner, model } = await makeModel()
    const { owner: author, user } = await makeUser()
    const topic = (
      title: string,
      lastActivityAt: Date,
      extra: Partial<typeof discussionTopics.$inferInsert> = {},
    ) =>
      db()
        .insert(discussionTopics)
        .values({
          modelId: model.id,
          authorId: user.id,
          title,
          bodyMd: '…',
          lastActivityAt,
          ...extra,
        })
    await topic('Old question', new Date('2025-01-01T00:00:00Z'))
    await topic('Recent question', new Date('2025-03-01T00:00:00Z'), { commentCount: 4 })
    await topic('Read this first', new Date('2024-01-01T00:00:00Z'), {
      isPinned: true,
      isLocked: true,
    })
    await topic('Deleted spam', new Date('2025-04-01T00:00:00Z'), { deletedAt: new Date() })

    const body = await json<ListDiscussionsResponse>(
      await request(`/api/v1/discussions/models/${owner.slug}/${model.slug}`),
    )
    expect(body.totalResults).toBe(3)
    expect(body.topics.map((t) => t.title)).toEqual([
      'Read this first',
      'Recent question',
      'Old question',
    ])
    expect(body.topics[0]).toMatchObject({
      isPinned: true,
      isLocked: true,
      author: { slug: author.slug, name: 'Grace' },
    })
    expect(body.topics[1]).toMatchObject({
      commentCount: 4,
      lastActivityTime: '2025-03-01T00:00:00.000Z',
    })
  })

  it('returns 404 for an unknown model', async () => {
    const res = await request(`/api/v1/discussions/models/acme/${fresh('nothing')}`)
    expect(res.status).toBe(404)
    expect(await res.json()).toMatchObject({ error: { code: 'NOT_FOUND' } })
  })
})
