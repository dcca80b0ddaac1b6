import { describe, expect, it } from 'vitest'
import type { ApiOwnerProfile } from '../../worker/api-types'
import { models, owners, variations } from '../../db/schema'
import { db, json, request } from './helpers'

const fresh = (prefix: string) => `${prefix}-${crypto.randomUUID().slice(0, 8)}`

async function makeOwner(overrides: Partial<typeof owners.$inferInsert> = {}) {
  const [owner] = await db()
    .insert(owners)
    .values({
      slug: fresh('owner'),
      kind: 'organization',
      displayName: 'Acme Research',
      source: 'local',
      ...overrides,
    })
    .returning()
  return owner!
}

async function makeModel(
  ownerId: number,
  overrides: Partial<typeof models.$inferInsert> = {},
  frameworks: string[] = [],
) {
  const [model] = await db()
    .insert(models)
    .values({
      ownerId,
      slug: fresh('model'),
      title: 'A model',
      provenance: 'community',
      ...overrides,
    })
    .returning()
  for (const framework of frameworks) {
    await db().insert(variations).values({ modelId: model!.id, framework, slug: 'default' })
  }
  return model!
}

describe('GET /api/v1/owners/:owner', () => {
  it('returns the profile with totals over public models and frameworks by use', async () => {
    const owner = await makeOwner({
      avatarUrl: 'https://example.test/a.png',
      aboutMd: 'We build **models**.',
      websiteUrl: 'https://acme.test',
    })
    await makeModel(owner.id, { downloadCount: 10, voteCount: 2 }, ['tfJs', 'tfLite'])
    await makeModel(owner.id, { downloadCount: 5, voteCount: 1 }, ['tfJs'])
    await makeModel(owner.id, { downloadCount: 1000, isPrivate: true }, ['pyTorch'])
    await makeModel(owner.id, { downloadCount: 1000, isListed: false }, ['jax'])

    const res = await request(`/api/v1/owners/${owner.slug}`)
    expect(res.status).toBe(200)
    const body = await json<ApiOwnerProfile>(res)
    expect(body).toMatchObject({
      slug: owner.slug,
      name: 'Acme Research',
      isOrganization: true,
      imageUrl: 'https://example.test/a.png',
      aboutMd: 'We build **models**.',
      websiteUrl: 'https://acme.test',
      source: 'local',
      profileUrl: `http://modelport.test/owners/${owner.slug}`,
      modelCount: 2,
      totalDownloads: 15,
      totalVotes: 3,
    })
    expect(body.frameworks).toEqual([
      { framework: 'MODEL_FRAMEWORK_TF_JS', frameworkSlug: 'tfJs', modelCount: 2 },
      { framework: 'MODEL_FRAMEWORK_TF_LITE', frameworkSlug: 'tfLite', modelCount: 1 },
    ])
    expect(Object.values(body)).not.toContain(null)
  })

  it('returns zeros for an owner without public models', async () => {
    const owner = await makeOwner({ kind: 'user', displayName: 'Ada' })
    const body = await json<ApiOwnerProfile>(await request(`/api/v1/owners/${owner.slug}`))
    expect(body).toMatchObject({
      isOrganization: false,
      modelCount: 0,
      totalDownloads: 0,
      totalVotes: 0,
      frameworks: [],
    })
    expect(body.imageUrl).toBeUndefined()
  })

  it('returns 404 in the error envelope for an unknown owner', async () => {
    const slug = fresh('nobody')
    const res = await request(`/api/v1/owners/${slug}`)
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual({
      code: 404,
      message: `Owner ${slug} not found`,
      error: { code: 'NOT_FOUND', message: `Owner ${slug} not found` },
    })
  })
})
