// Deleting a hosted notebook against real D1 and R2: who may, what goes (rows, R2 objects no
// other version uses), what stays (forks, shared objects), and the counters the triggers keep.
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ApiHostedNotebookDetail } from '../../worker/api-types'
import { json } from './helpers'
import { call, makeUser } from './accounts-helpers'
import {
  bytesOf,
  createFrom,
  created,
  ipynb,
  makeVariation,
  markdownCell,
} from './notebooks-helpers'

type User = Awaited<ReturnType<typeof makeUser>>

let alice: User
let bob: User
let admin: User

beforeAll(async () => {
  alice = await makeUser()
  bob = await makeUser()
  admin = await makeUser({ admin: true })
})

const pathOf = (nb: { owner: string; slug: string }) => `/api/v1/notebooks/${nb.owner}/${nb.slug}`

async function count(sql: string, ...binds: unknown[]) {
  const row = await env.DB.prepare(sql)
    .bind(...binds)
    .first<{ n: number }>()
  return row!.n
}

async function r2KeysOf(notebookId: number) {
  const { results } = await env.DB.prepare(
    'select distinct r2_key as key from notebook_versions where notebook_id = ?',
  )
    .bind(notebookId)
    .all<{ key: string }>()
  return results.map((r) => r.key)
}

const idOf = async (nb: { owner: string; slug: string }) =>
  count(
    'select n.id as n from hosted_notebooks n join owners o on o.id = n.owner_id where o.slug = ? and n.slug = ?',
    nb.owner,
    nb.slug,
  )

describe('DELETE /api/v1/notebooks/:owner/:slug', () => {
  it('deletes the notebook, its versions, inputs and votes and its own R2 objects; keeps counters right', async () => {
    const v = await makeVariation()
    const nb = await created(await createFrom(alice.session, v, { title: 'Doomed' }))
    const path = pathOf(nb)
    await call(`${path}/versions`, {
      method: 'POST',
      session: alice.session,
      raw: bytesOf(ipynb([markdownCell(`only here ${crypto.randomUUID()}`)])),
    })
    await call(path.replace('/notebooks/', '/votes/notebooks/'), {
      method: 'PUT',
      session: bob.session,
    })
    const id = await idOf(nb)
    const keys = await r2KeysOf(id)
    expect(keys).toHaveLength(2)
    expect(await count('select notebook_count as n from models where id = ?', v.modelId)).toBe(1)

    const res = await call(path, { method: 'DELETE', session: alice.session })
    expect(res.status).toBe(204)
    expect((await call(path, { session: alice.session })).status).toBe(404)
    for (const table of ['notebook_versions', 'notebook_inputs', 'notebook_votes'])
      expect(await count(`select count(*) as n from ${table} where notebook_id = ?`, id)).toBe(0)
    for (const key of keys) expect(await env.BUCKET.head(key)).toBeNull()
    expect(await count('select notebook_count as n from models where id = ?', v.modelId)).toBe(0)
    // a second delete finds nothing
    const again = await call(path, { method: 'DELETE', session: alice.session })
    expect(again.status).toBe(404)
    expect((await json<{ error: { code: string } }>(again)).error.code).toBe('NOT_FOUND')
  })

  it('a deleted fork counts one fork less; a deleted source leaves its forks, with their shared file', async () => {
    const v = await makeVariation()
    const source = await created(await createFrom(alice.session, v, { title: 'Source' }))
    const fork = await created(
      await call(`${pathOf(source)}/fork`, { session: bob.session, body: {} }),
    )
    const second = await created(
      await call(`${pathOf(source)}/fork`, { session: bob.session, body: {} }),
    )
    expect((await json<ApiHostedNotebookDetail>(await call(pathOf(source)))).forkCount).toBe(2)
    expect((await call(pathOf(second), { method: 'DELETE', session: bob.session })).status).toBe(
      204,
    )
    expect((await json<ApiHostedNotebookDetail>(await call(pathOf(source)))).forkCount).toBe(1)

    const [shared] = await r2KeysOf(await idOf(source))
    expect((await call(pathOf(source), { method: 'DELETE', session: alice.session })).status).toBe(
      204,
    )
    const kept = await json<ApiHostedNotebookDetail>(await call(pathOf(fork)))
    expect(kept.forkedFrom).toBeNull()
    // the fork's version is the same bytes: the object stays
    expect(await env.BUCKET.head(shared!)).not.toBeNull()
    expect((await call(`${pathOf(fork)}/ipynb`)).status).toBe(200)
    expect(await count('select notebook_count as n from models where id = ?', v.modelId)).toBe(1)
  })

  it('is refused to others (403, or 404 for a private one) and changes nothing; an admin may', async () => {
    const v = await makeVariation()
    const open = await created(await createFrom(alice.session, v, { title: 'Open' }))
    const res = await call(pathOf(open), { method: 'DELETE', session: bob.session })
    expect(res.status).toBe(403)
    expect((await json<{ error: { code: string } }>(res)).error.code).toBe('FORBIDDEN')
    expect((await call(pathOf(open), { method: 'DELETE' })).status).toBe(401)
    expect((await call(pathOf(open))).status).toBe(200)

    const secret = await created(
      await createFrom(alice.session, v, { title: 'Secret', isPrivate: true }),
    )
    expect((await call(pathOf(secret), { method: 'DELETE', session: bob.session })).status).toBe(
      404,
    )
    expect((await call(pathOf(secret), { session: alice.session })).status).toBe(200)
    expect((await call(pathOf(secret), { method: 'DELETE', session: admin.session })).status).toBe(
      204,
    )
    expect((await call(pathOf(secret), { session: alice.session })).status).toBe(404)
  })
})
