// Private notebooks are invisible to everyone who may not act for their owner: gets, versions,
// downloads, lists, counts, votes, forks and writes all answer as for an unknown notebook.
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ApiHostedNotebookDetail } from '../../worker/api-types'
import { json } from './helpers'
import { call, makeUser } from './accounts-helpers'
import { bytesOf, createFrom, created, inputOf, ipynb, makeVariation } from './notebooks-helpers'

type User = Awaited<ReturnType<typeof makeUser>>

let owner: User
let stranger: User
let admin: User

beforeAll(async () => {
  owner = await makeUser()
  stranger = await makeUser()
  admin = await makeUser({ admin: true })
})

async function privateNotebook() {
  const v = await makeVariation()
  const nb = await created(await createFrom(owner.session, v, { title: 'Secret', isPrivate: true }))
  return { v, nb, path: `/api/v1/notebooks/${nb.owner}/${nb.slug}` }
}

describe('a private notebook', () => {
  it('is seen by its owner and an admin', async () => {
    const { path } = await privateNotebook()
    for (const user of [owner, admin]) {
      const res = await call(path, { session: user.session })
      expect(res.status).toBe(200)
      expect(await json(res)).toMatchObject({ isPrivate: true })
      expect(
        (await call(`${path}/ipynb`, { session: user.session })).headers.get('cache-control'),
      ).toBe('private, no-store')
    }
  })

  it('answers 404 to anyone else, for every read', async () => {
    const { path } = await privateNotebook()
    for (const suffix of ['', '/ipynb', '/versions/1', '/versions/1/ipynb'])
      for (const options of [{}, { session: stranger.session }]) {
        const res = await call(`${path}${suffix}`, options)
        expect(res.status, `${suffix} ${JSON.stringify(options)}`).toBe(404)
        expect(await json(res)).toMatchObject({ error: { code: 'NOT_FOUND' } })
      }
  })

  it('answers 404, not 403, to anyone else for every write, and changes nothing', async () => {
    const { v, path } = await privateNotebook()
    const writes = [
      call(path, { method: 'PATCH', session: stranger.session, body: { title: 'Mine now' } }),
      call(`${path}/versions`, {
        method: 'POST',
        session: stranger.session,
        raw: bytesOf(ipynb([])),
      }),
      call(`${path}/inputs`, { method: 'PUT', session: stranger.session, body: inputOf(v) }),
      call(`${path}/inputs/${v.owner}/${v.model}/${v.framework}/default`, {
        method: 'DELETE',
        session: stranger.session,
      }),
      call(`${path}/fork`, { session: stranger.session, body: {} }),
      call(`/api/v1/votes${path.replace('/api/v1', '')}`, {
        method: 'PUT',
        session: stranger.session,
      }),
    ]
    for (const res of await Promise.all(writes)) {
      expect(res.status).toBe(404)
      expect(await json(res)).toMatchObject({ error: { code: 'NOT_FOUND' } })
    }
    const now = await json<ApiHostedNotebookDetail>(await call(path, { session: owner.session }))
    expect(now).toMatchObject({ title: 'Secret', latestVersion: 1, forkCount: 0, voteCount: 0 })
    expect(now.inputs).toHaveLength(1)
  })

  it('is listed and counted for its owner only', async () => {
    const { v, nb } = await privateNotebook()
    const list = async (session?: string) =>
      json<{ notebooks: { slug: string }[] }>(
        await call(`/api/v1/notebooks/models/${v.path}`, session ? { session } : {}),
      )
    expect((await list(owner.session)).notebooks.map((n) => n.slug)).toEqual([nb.slug])
    expect((await list(stranger.session)).notebooks).toEqual([])
    expect((await list()).notebooks).toEqual([])
    const count = await env.DB.prepare('select notebook_count as n from models where id = ?')
      .bind(v.modelId)
      .first<{ n: number }>()
    expect(count!.n).toBe(0)
  })

  it('counts once made public, and stops counting when made private again', async () => {
    const { v, path } = await privateNotebook()
    const count = async () =>
      (await env.DB.prepare('select notebook_count as n from models where id = ?')
        .bind(v.modelId)
        .first<{ n: number }>())!.n
    const set = (isPrivate: boolean) =>
      call(path, { method: 'PATCH', session: owner.session, body: { isPrivate } })
    expect((await set(false)).status).toBe(200)
    expect(await count()).toBe(1)
    expect((await call(path)).status).toBe(200)
    expect((await set(true)).status).toBe(200)
    expect(await count()).toBe(0)
  })

  it('forked by its owner, stays private; its fork hides "forked from" from others', async () => {
    const { nb, path } = await privateNotebook()
    const fork = await created(await call(`${path}/fork`, { session: owner.session, body: {} }))
    expect(fork).toMatchObject({ isPrivate: true, forkedFrom: { slug: nb.slug } })
    const forkPath = `/api/v1/notebooks/${fork.owner}/${fork.slug}`
    const shared = await call(forkPath, {
      method: 'PATCH',
      session: owner.session,
      body: { isPrivate: false },
    })
    expect(shared.status).toBe(200)
    const seen = await json<ApiHostedNotebookDetail>(
      await call(forkPath, { session: stranger.session }),
    )
    expect(seen.forkedFrom).toBeNull()
  })

  it('hides a private model input from those who cannot see the model', async () => {
    const v = await makeVariation({ isPrivate: true, ownerId: owner.ownerId })
    const nb = await created(await createFrom(owner.session, v, { title: 'Uses a private model' }))
    const path = `/api/v1/notebooks/${nb.owner}/${nb.slug}`
    expect(nb.inputs).toHaveLength(1)
    const seen = await json<ApiHostedNotebookDetail>(
      await call(path, { session: stranger.session }),
    )
    expect(seen.inputs).toEqual([])
    const tab = await call(`/api/v1/notebooks/models/${v.path}`, { session: stranger.session })
    expect(tab.status).toBe(404)
  })
})
