// A catalog imported with the one-model-per-handle mapping, then synced into families
// (docs/tfhub.md, "Old handles"): the merged handle's model row hands its votes, discussions and
// download count to its family, and its old handle redirects there.
import { env, exports } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  discussionTopics,
  hostedNotebooks,
  models,
  notebookInputs,
  owners,
  variations,
  votes,
} from '../../db/schema'
import { makeUser } from './accounts-helpers'
import { db, importCatalog, json, request } from './helpers'

const one = async <T = Record<string, any>>(query: string, ...params: unknown[]) =>
  (await env.DB.prepare(query)
    .bind(...params)
    .first<T>())!

let oldId: number
let voters: number[]

beforeAll(async () => {
  // the row the earlier mapping made for google/movenet/singlepose/lightning, with its community
  const [google] = await db()
    .insert(owners)
    .values({ slug: 'google', kind: 'organization', displayName: 'Google', source: 'tfhub' })
    .returning({ id: owners.id })
  const [old] = await db()
    .insert(models)
    .values({
      ownerId: google!.id,
      slug: 'movenet-singlepose-lightning',
      title: 'movenet/singlepose/lightning',
      provenance: 'tfhub',
      sourceHandle: 'google/movenet/singlepose/lightning',
      downloadCount: 7,
    })
    .returning({ id: models.id })
  oldId = old!.id
  voters = [(await makeUser()).id, (await makeUser()).id]
  await db()
    .insert(votes)
    .values(voters.map((userId) => ({ userId, modelId: oldId })))
  await db().insert(discussionTopics).values({
    modelId: oldId,
    authorId: voters[0]!,
    title: 'Input size?',
    bodyMd: '192x192?',
    lastActivityAt: new Date(),
  })
  // two notebooks that used its TF.js variation: one pinned to version 4, one on the latest
  const [oldVariation] = await db()
    .insert(variations)
    .values({ modelId: oldId, framework: 'tfJs', slug: 'default' })
    .returning({ id: variations.id })
  const author = await makeUser()
  for (const [slug, versionNumber] of [
    ['pinned-pose', 4],
    ['latest-pose', null],
  ] as const) {
    const [notebook] = await db()
      .insert(hostedNotebooks)
      .values({ ownerId: author.ownerId, slug, title: slug, language: 'javascript' })
      .returning({ id: hostedNotebooks.id })
    await db().insert(notebookInputs).values({
      notebookId: notebook!.id,
      variationId: oldVariation!.id,
      modelId: oldId,
      versionNumber,
    })
  }
  await importCatalog()
})

describe('a handle merged into its family', () => {
  it('is unlisted, and its votes, discussions and downloads are the family’s', async () => {
    const family = await one(
      "select m.* from models m join owners o on o.id = m.owner_id where o.slug = 'google' and m.slug = 'movenet'",
    )
    expect(family).toMatchObject({ vote_count: 2, discussion_count: 1, download_count: 7 })
    expect(await one('select * from models where id = ?', oldId)).toMatchObject({
      is_listed: 0,
      vote_count: 0,
      discussion_count: 0,
      download_count: 0,
    })
    const topic = await one('select model_id from discussion_topics where title = ?', 'Input size?')
    expect(topic.model_id).toBe(family.id)
  })

  it('redirects its old handle to the family', async () => {
    const res = await request('/api/v1/models/google/movenet-singlepose-lightning/get')
    expect(res.status).toBe(308)
    expect(res.headers.get('location')).toBe('/api/v1/models/google/movenet/get')
  })

  it("redirects its old page, and its variation's, to the family's page", async () => {
    const page = (path: string) =>
      exports.default.fetch(
        new Request(`https://modelport.test${path}`, {
          headers: { accept: 'text/html' },
          redirect: 'manual',
        }),
      )
    let res = await page('/models/google/movenet-singlepose-lightning')
    expect(res.status).toBe(308)
    expect(res.headers.get('location')).toBe('/models/google/movenet')
    res = await page(
      '/models/google/movenet-singlepose-lightning/tensorFlow2/movenet-singlepose-lightning/1',
    )
    expect(res.status).toBe(308)
    expect(res.headers.get('location')).toBe(
      '/models/google/movenet/tensorFlow2/singlepose-lightning/1',
    )
    res = await page('/models/google/movenet')
    expect(res.status).toBe(200)
    expect(await res.text()).toMatch(/<title>MoveNet by /i)
    // a model that never existed stays the 404 page
    expect((await page('/models/google/no-such-movenet')).status).toBe(404)
  })

  it("hands its notebooks' inputs to the family's variation, pinned versions kept", async () => {
    const inputs = await env.DB.prepare(
      `select h.slug, o.slug || '/' || m.slug || '/' || v.framework || '/' || v.slug as variation,
         i.version_number as version, i.model_id = v.model_id as consistent
       from notebook_inputs i join hosted_notebooks h on h.id = i.notebook_id
       join variations v on v.id = i.variation_id join models m on m.id = v.model_id
       join owners o on o.id = m.owner_id where h.slug like '%-pose' order by h.slug`,
    ).all()
    expect(inputs.results).toEqual([
      {
        slug: 'latest-pose',
        variation: 'google/movenet/tfJs/singlepose-lightning',
        version: null,
        consistent: 1,
      },
      {
        slug: 'pinned-pose',
        variation: 'google/movenet/tfJs/singlepose-lightning',
        version: 4,
        consistent: 1,
      },
    ])
    const family = await one(
      "select notebook_count from models where slug = 'movenet' and provenance = 'tfhub'",
    )
    expect(family.notebook_count).toBeGreaterThanOrEqual(2)
    expect(
      (await one('select notebook_count from models where id = ?', oldId)).notebook_count,
    ).toBe(0)
    const listed = await json(await request('/api/v1/notebooks/models/google/movenet'))
    expect(JSON.stringify(listed)).toMatch(/pinned-pose/)
  })

  it('moves nothing twice on the next sync', async () => {
    await importCatalog()
    const family = await one(
      "select vote_count, discussion_count, download_count from models where slug = 'movenet'",
    )
    expect(family).toEqual({ vote_count: 2, discussion_count: 1, download_count: 7 })
  })
})
