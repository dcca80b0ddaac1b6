import { describe, expect, it } from 'vitest'
import type { ModelStatsResponse } from '../../worker/api-types'
import { models, owners, users, votes } from '../../db/schema'
import { call } from './accounts-helpers'
import { db, downloadOf, json, request } from './helpers'
import { createModel, makePublisher } from './publish-helpers'

const fresh = (prefix: string) => `${prefix}-${crypto.randomUUID().slice(0, 8)}`
const dayMs = 24 * 3600 * 1000
const daysAgo = (n: number) => new Date(Date.now() - n * dayMs)
const isoDay = (d: Date) => d.toISOString().slice(0, 10)

async function makeModel() {
  const [owner] = await db()
    .insert(owners)
    .values({ slug: fresh('owner'), kind: 'user', displayName: 'Ada', source: 'local' })
    .returning()
  const [model] = await db()
    .insert(models)
    .values({ ownerId: owner!.id, slug: fresh('model'), title: 'Counted', provenance: 'community' })
    .returning()
  return { owner: owner!, model: model! }
}

async function vote(modelId: number, at: Date) {
  const [owner] = await db()
    .insert(owners)
    .values({ slug: fresh('voter'), kind: 'user', displayName: 'Voter', source: 'local' })
    .returning()
  const [user] = await db()
    .insert(users)
    .values({ ownerId: owner!.id, email: `${owner!.slug}@example.test` })
    .returning()
  await db().insert(votes).values({ userId: user!.id, modelId, createdAt: at })
}

describe('GET /api/v1/stats/models/:owner/:model', () => {
  it('returns one entry per day with downloads and votes, zeros included', async () => {
    const { owner, model } = await makeModel()
    await downloadOf(model.id, daysAgo(0))
    await downloadOf(model.id, daysAgo(0))
    await downloadOf(model.id, daysAgo(3))
    await downloadOf(model.id, daysAgo(40)) // outside a 30-day range
    await vote(model.id, daysAgo(3))

    const res = await request(`/api/v1/stats/models/${owner.slug}/${model.slug}?days=30`)
    expect(res.status).toBe(200)
    const body = await json<ModelStatsResponse>(res)
    expect(body.ref).toBe(`${owner.slug}/${model.slug}`)
    expect(body.daily).toHaveLength(30)
    expect(body.from).toBe(isoDay(daysAgo(29)))
    expect(body.to).toBe(isoDay(daysAgo(0)))
    expect(body.daily.at(-1)).toEqual({
      day: isoDay(daysAgo(0)),
      downloads: 2,
      uniqueDownloaders: 2,
      votes: 0,
    })
    expect(body.daily.at(-4)).toEqual({
      day: isoDay(daysAgo(3)),
      downloads: 1,
      uniqueDownloaders: 1,
      votes: 1,
    })
    expect(body.daily[0]).toEqual({ day: body.from, downloads: 0, uniqueDownloaders: 0, votes: 0 })
    expect(body).toMatchObject({ downloadsInRange: 3, votesInRange: 1, downloadCount: 4 })
  })

  it('defaults to 90 days', async () => {
    const { owner, model } = await makeModel()
    const body = await json<ModelStatsResponse>(
      await request(`/api/v1/stats/models/${owner.slug}/${model.slug}`),
    )
    expect(body.daily).toHaveLength(90)
    expect(body.downloadsInRange).toBe(0)
  })

  it('returns 400 naming the parameter for a bad range', async () => {
    const { owner, model } = await makeModel()
    const res = await request(`/api/v1/stats/models/${owner.slug}/${model.slug}?days=1000`)
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({
      error: { code: 'BAD_REQUEST', issues: [{ path: 'days', message: 'must be at most 365' }] },
    })
  })

  it('returns 404 for an unknown model', async () => {
    const res = await request(`/api/v1/stats/models/acme/${fresh('nothing')}`)
    expect(res.status).toBe(404)
    expect(await res.json()).toMatchObject({ code: 404, error: { code: 'NOT_FOUND' } })
  })

  it("answers a private model's usage to its owner only", async () => {
    const me = await makePublisher()
    const other = await makePublisher()
    const slug = fresh('private')
    await createModel(me.auth, me.username, slug)
    const path = `/api/v1/stats/models/${me.username}/${slug}?days=7`
    const mine = await call(path, { authorization: me.auth })
    expect(mine.status).toBe(200)
    expect((await json<ModelStatsResponse>(mine)).daily).toHaveLength(7)
    expect((await call(path, { authorization: other.auth })).status).toBe(404)
    expect((await request(path)).status).toBe(404)
  })
})
