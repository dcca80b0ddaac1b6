// The SPA's publishing reads and the labels write (worker/routes/my-models.ts): the owners a user
// may publish as, their models with private ones and each variation's status, their uploads'
// server-side sha256, a model's licence and tags, and the Edit model form's write.
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { json, seedDemo } from './helpers'
import { call } from './accounts-helpers'
import {
  bytesOf,
  createInstance,
  createModel,
  makePublisher,
  probe,
  put,
  sha256Of,
  startUpload,
  uploadFile,
} from './publish-helpers'

beforeAll(async () => {
  // the demo models bring tags into the vocabulary
  await seedDemo()
})

async function addToOrg(userId: number, slug: string) {
  const org = await env.DB.prepare(
    `insert into owners (slug, kind, display_name, source) values (?, 'organization', ?, 'local') returning id`,
  )
    .bind(slug, slug)
    .first<{ id: number }>()
  await env.DB.prepare(
    `insert into organization_members (organization_id, user_id, role) values (?, ?, 'member')`,
  )
    .bind(org!.id, userId)
    .run()
}

describe('GET /api/v1/account/publishing', () => {
  it('offers the user, then their organizations, the licences, tags and frameworks', async () => {
    const me = await makePublisher()
    await addToOrg(me.id, `${me.username}-lab`)
    const res = await call('/api/v1/account/publishing', { authorization: me.auth })
    expect(res.status).toBe(200)
    const body = await json(res)
    expect(body.owners.map((o: { slug: string }) => o.slug)).toEqual([
      me.username,
      `${me.username}-lab`,
    ])
    expect(body.licenses.find((l: { id: string }) => l.id === 'apache-2.0')).toMatchObject({
      name: 'Apache 2.0',
      commercialUse: true,
    })
    expect(body.tags.length).toBeGreaterThan(0)
    expect(body.tags[0].ref).toMatch(/^[a-z_]+\/.+/)
    expect(body.frameworks).toContainEqual({ slug: 'pyTorch', label: expect.any(String) })
  })

  it('is 401 without credentials', async () => {
    expect((await call('/api/v1/account/publishing')).status).toBe(401)
  })
})

describe('GET /api/v1/account/models', () => {
  it('lists private models with each variation and its latest version', async () => {
    const me = await makePublisher()
    await createModel(me.auth, me.username, 'secret', true)
    const token = await uploadFile(me.auth, 'w.bin', bytesOf(100))
    await createInstance(me.auth, `${me.username}/secret`, { files: [{ token }] })
    const res = await call('/api/v1/account/models', { authorization: me.auth })
    expect(res.status).toBe(200)
    const { models } = await json(res)
    expect(models).toEqual([
      expect.objectContaining({
        ref: `${me.username}/secret`,
        isPrivate: true,
        variations: [
          {
            framework: 'pyTorch',
            slug: 'default',
            latestVersion: { number: 1, status: 'ready', fileCount: 1, totalBytes: 100 },
          },
        ],
      }),
    ])
    const other = await makePublisher()
    const theirs = await json(await call('/api/v1/account/models', { authorization: other.auth }))
    expect(theirs.models).toEqual([])
  })
})

describe('GET /api/v1/account/uploads/:token', () => {
  it("answers the server's sha256 to the uploader only", async () => {
    const me = await makePublisher()
    const bytes = bytesOf(5000, 7)
    const token = await uploadFile(me.auth, 'a.bin', bytes)
    const res = await call(`/api/v1/account/uploads/${token}`, { authorization: me.auth })
    expect(await json(res)).toMatchObject({
      status: 'complete',
      receivedBytes: 5000,
      sha256: await sha256Of(bytes),
    })
    const other = await makePublisher()
    const theirs = await call(`/api/v1/account/uploads/${token}`, { authorization: other.auth })
    expect(theirs.status).toBe(404)
    expect(await json(theirs)).toMatchObject({ error: { code: 'NOT_FOUND' } })
  })
})

describe('PUT /api/v1/models/:owner/:model/labels', () => {
  it('sets the licence and tags, and refuses unknown ones with the envelope', async () => {
    const me = await makePublisher()
    await createModel(me.auth, me.username, 'labelled', false)
    const tagRes = await json(await call('/api/v1/account/publishing', { authorization: me.auth }))
    const tag = tagRes.tags[0].ref
    const path = `/api/v1/models/${me.username}/labelled/labels`
    const ok = await call(path, {
      method: 'PUT',
      authorization: me.auth,
      body: { licenseId: 'mit', tags: [tag] },
    })
    expect(ok.status).toBe(200)
    const model = await json(
      await call(`/api/v1/models/${me.username}/labelled/get`, { authorization: me.auth }),
    )
    expect(model.licenseName ?? model.license?.name ?? JSON.stringify(model)).toMatch(/MIT/)

    for (const body of [
      { licenseId: 'no-such-licence', tags: [] },
      { licenseId: null, tags: ['task/no-such-tag'] },
      { licenseId: null, tags: ['../x'] },
      { tags: [] },
    ]) {
      const res = await call(path, { method: 'PUT', authorization: me.auth, body })
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(await json(res)).toMatchObject({ error: { code: 'BAD_REQUEST' } })
    }
  })

  it('refuses a model imported from TF Hub', async () => {
    const owner = await env.DB.prepare(
      `insert into owners (slug, kind, display_name, source) values ('hubpub', 'organization', 'Hub', 'tfhub') returning id`,
    ).first<{ id: number }>()
    await env.DB.prepare(
      `insert into models (owner_id, slug, title, provenance) values (?, 'imported', 'Imported', 'tfhub')`,
    )
      .bind(owner!.id)
      .run()
    const res = await call('/api/v1/models/hubpub/imported/labels', {
      method: 'PUT',
      authorization: `Bearer ${env.ADMIN_TOKEN}`,
      body: { licenseId: null, tags: [] },
    })
    expect(res.status).toBe(400)
    expect(await json(res)).toMatchObject({ error: { code: 'BAD_REQUEST' } })
  })
})

describe('PATCH /api/v1/models/:owner/:model', () => {
  const get = (auth: string | undefined, ref: string) =>
    call(`/api/v1/models/${ref}/get`, auth ? { authorization: auth } : {})

  it('edits title, subtitle, card, licence and tags in one call, clears what is emptied, and answers the model', async () => {
    const me = await makePublisher()
    await createModel(me.auth, me.username, 'edited', true)
    const ref = `${me.username}/edited`
    const tag = (await json(await call('/api/v1/account/publishing', { authorization: me.auth })))
      .tags[0].ref
    const res = await call(`/api/v1/models/${ref}`, {
      method: 'PATCH',
      authorization: me.auth,
      body: {
        title: '  Edited model ',
        subtitle: 'A subtitle',
        description: '# Card\n\nNew text.',
        licenseId: 'mit',
        tags: [tag, tag],
      },
    })
    expect(res.status).toBe(200)
    const answer = await json(res)
    expect(answer).toMatchObject({
      ref,
      title: 'Edited model',
      subtitle: 'A subtitle',
      isPrivate: true,
    })
    expect(answer.tags.map((t: { ref: string }) => t.ref)).toEqual([tag])
    const model = await json(await get(me.auth, ref))
    expect(model).toMatchObject({ description: '# Card\n\nNew text.', licenseName: 'MIT' })
    expect(model.publishTime).toBeUndefined()

    // only what is sent changes; an empty subtitle clears it
    await call(`/api/v1/models/${ref}`, {
      method: 'PATCH',
      authorization: me.auth,
      body: { subtitle: '', tags: [] },
    })
    const after = await json(await get(me.auth, ref))
    expect(after).toMatchObject({
      title: 'Edited model',
      subtitle: '',
      licenseName: 'MIT',
      tags: [],
    })
  })

  it('makes a private model public: others see it from then, with its publish time kept', async () => {
    const me = await makePublisher()
    await createModel(me.auth, me.username, 'going-public', true)
    const ref = `${me.username}/going-public`
    expect((await get(undefined, ref)).status).toBe(404)
    const patch = (isPrivate: boolean) =>
      call(`/api/v1/models/${ref}`, {
        method: 'PATCH',
        authorization: me.auth,
        body: { isPrivate },
      })
    expect((await patch(false)).status).toBe(200)
    const seen = await json(await get(undefined, ref))
    expect(seen.publishTime).toMatch(/^\d{4}-/)
    expect((await patch(true)).status).toBe(200)
    expect((await get(undefined, ref)).status).toBe(404)
    await patch(false)
    expect((await json(await get(undefined, ref))).publishTime).toBe(seen.publishTime)
  })

  it('refuses bad bodies with the envelope and changes nothing', async () => {
    const me = await makePublisher()
    await createModel(me.auth, me.username, 'unchanged', false)
    const ref = `${me.username}/unchanged`
    const before = await json(await get(me.auth, ref))
    for (const body of [
      { title: '   ' },
      { title: 'x'.repeat(201) },
      { description: 'x'.repeat(50_001) },
      { isPrivate: 'no' },
      { licenseId: 'no-such-licence', title: 'Changed' },
      { tags: ['task/no-such-tag'], title: 'Changed' },
      { slug: 'renamed' },
      [],
    ]) {
      const res = await call(`/api/v1/models/${ref}`, {
        method: 'PATCH',
        authorization: me.auth,
        body,
      })
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(await json(res)).toMatchObject({ error: { code: 'BAD_REQUEST' } })
    }
    const after = await json(await get(me.auth, ref))
    expect(after).toEqual(before)
  })

  it('is 404 for a model the caller cannot see, 403 for one they may see but not edit; canEdit says which', async () => {
    const me = await makePublisher()
    const other = await makePublisher()
    await createModel(me.auth, me.username, 'mine-private', true)
    await createModel(me.auth, me.username, 'mine-public', false)
    const patch = (ref: string) =>
      call(`/api/v1/models/${ref}`, {
        method: 'PATCH',
        authorization: other.auth,
        body: { title: 'Taken' },
      })
    expect((await patch(`${me.username}/mine-public`)).status).toBe(403)
    expect([403, 404]).toContain((await patch(`${me.username}/mine-private`)).status)
    const mine = await json(await get(me.auth, `${me.username}/mine-public`))
    expect(mine).toMatchObject({ title: 'mine-public', canEdit: true })
    expect((await json(await get(other.auth, `${me.username}/mine-public`))).canEdit).toBe(false)
    expect((await json(await get(undefined, `${me.username}/mine-public`))).canEdit).toBe(false)
  })
})

describe('DELETE /api/v1/account/uploads/:token', () => {
  it('cancels an upload of the caller, which then answers 404, and frees nothing of others', async () => {
    const me = await makePublisher()
    const other = await makePublisher()
    const started = await startUpload(me.auth, 'big.bin', 20 * 1024 * 1024)
    await put(started.createUrl, bytesOf(9 * 1024 * 1024), 20 * 1024 * 1024)
    const path = `/api/v1/account/uploads/${started.token}`
    const theirs = await call(path, { method: 'DELETE', authorization: other.auth })
    expect(theirs.status).toBe(404)
    expect((await call(path, { method: 'DELETE', authorization: me.auth })).status).toBe(204)
    expect((await probe(started.createUrl, 20 * 1024 * 1024)).status).toBe(404)
    expect(await json(await call(path, { authorization: me.auth }))).toMatchObject({
      status: 'aborted',
    })
  })

  it('refuses to cancel a published file', async () => {
    const me = await makePublisher()
    await createModel(me.auth, me.username, 'kept', true)
    const token = await uploadFile(me.auth, 'w.bin', bytesOf(10))
    await createInstance(me.auth, `${me.username}/kept`, { files: [{ token }] })
    const res = await call(`/api/v1/account/uploads/${token}`, {
      method: 'DELETE',
      authorization: me.auth,
    })
    expect(res.status).toBe(409)
    expect(await json(res)).toMatchObject({ error: { code: 'CONFLICT' } })
  })
})
