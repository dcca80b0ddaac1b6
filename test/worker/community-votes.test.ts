// Upvotes: idempotent toggles and exact counts under concurrency, against real D1.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { json } from './helpers'
import { call, makeUser, uniqueName } from './accounts-helpers'

async function makeModel() {
  const org = uniqueName('org')
  const owner = await env.DB.prepare(
    `insert into owners (slug, kind, display_name, source) values (?, 'organization', 'Org', 'local') returning id`,
  )
    .bind(org)
    .first<{ id: number }>()
  const slug = uniqueName('model')
  const model = await env.DB.prepare(
    `insert into models (owner_id, slug, title, provenance) values (?, ?, 'Voted on', 'community') returning id`,
  )
    .bind(owner!.id, slug)
    .first<{ id: number }>()
  return { id: model!.id, path: `${org}/${slug}` }
}

async function counts(modelId: number) {
  const row = await env.DB.prepare(
    `select vote_count as counter, (select count(*) from votes where model_id = ?1) as rows from models where id = ?1`,
  )
    .bind(modelId)
    .first<{ counter: number; rows: number }>()
  return row!
}

describe('model votes', () => {
  it('100 users voting on one model at once end with exactly 100 votes', async () => {
    const model = await makeModel()
    const users = await Promise.all(Array.from({ length: 100 }, () => makeUser()))
    const answers = await Promise.all(
      users.map((u) =>
        call(`/api/v1/votes/models/${model.path}`, { method: 'PUT', session: u.session }),
      ),
    )
    expect(answers.map((r) => r.status)).toEqual(Array(100).fill(200))
    const bodies = await Promise.all(answers.map((r) => json<{ voteCount: number }>(r)))
    expect(Math.max(...bodies.map((b) => b.voteCount))).toBe(100)
    expect(await counts(model.id)).toEqual({ counter: 100, rows: 100 })
  })

  it('one user toggling 10 times at once ends with a count that matches their vote', async () => {
    const model = await makeModel()
    const user = await makeUser()
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        call(`/api/v1/votes/models/${model.path}`, {
          method: i % 2 ? 'DELETE' : 'PUT',
          session: user.session,
        }),
      ),
    )
    expect(answers.map((r) => r.status)).toEqual(Array(10).fill(200))
    const { counter, rows } = await counts(model.id)
    expect(counter).toBe(rows)
    expect([0, 1]).toContain(counter)
  })

  it('one user voting 10 times at once counts once; taking it back 10 times counts zero', async () => {
    const model = await makeModel()
    const user = await makeUser()
    const put = await Promise.all(
      Array.from({ length: 10 }, () =>
        call(`/api/v1/votes/models/${model.path}`, { method: 'PUT', session: user.session }),
      ),
    )
    expect((await Promise.all(put.map((r) => json(r)))).every((b) => b.voteCount === 1)).toBe(true)
    expect(await counts(model.id)).toEqual({ counter: 1, rows: 1 })
    await Promise.all(
      Array.from({ length: 10 }, () =>
        call(`/api/v1/votes/models/${model.path}`, { method: 'DELETE', session: user.session }),
      ),
    )
    expect(await counts(model.id)).toEqual({ counter: 0, rows: 0 })
  })

  it("answers the caller's own vote on the model, and the votes sort and hotness use it", async () => {
    const model = await makeModel()
    const user = await makeUser()
    const before = await env.DB.prepare('select hotness from models where id = ?')
      .bind(model.id)
      .first<{ hotness: number }>()
    const get = (session?: string) =>
      call(`/api/v1/models/${model.path}/get`, session ? { session } : {})
    expect((await json(await get(user.session))).hasVoted).toBe(false)
    await call(`/api/v1/votes/models/${model.path}`, { method: 'PUT', session: user.session })
    const mine = await json(await get(user.session))
    expect(mine).toMatchObject({ hasVoted: true, voteCount: 1 })
    expect((await json(await get())).hasVoted).toBe(false)
    const after = await env.DB.prepare('select hotness from models where id = ?')
      .bind(model.id)
      .first<{ hotness: number }>()
    expect(after!.hotness).toBeGreaterThan(before!.hotness)
    const list = await json(await call('/api/v1/models/list?sortBy=voteCount&pageSize=1'))
    expect(list.models[0].voteCount).toBeGreaterThanOrEqual(1)
  })

  it('refuses a vote on an unknown model with 404, signed out with 401', async () => {
    const user = await makeUser()
    const missing = await call('/api/v1/votes/models/nobody/nothing', {
      method: 'PUT',
      session: user.session,
    })
    expect(missing.status).toBe(404)
    const anonymous = await call('/api/v1/votes/models/nobody/nothing', { method: 'PUT' })
    expect(anonymous.status).toBe(401)
  })
})

describe('post votes', () => {
  it('counts topic and comment votes exactly and shows the caller theirs', async () => {
    const model = await makeModel()
    const author = await makeUser()
    const created = await call(`/api/v1/discussions/models/${model.path}`, {
      session: author.session,
      body: { title: 'Vote here', body: 'please' },
    })
    const { id: topicId } = await json(created)
    const reply = await call(`/api/v1/discussions/topics/${topicId}/comments`, {
      session: author.session,
      body: { body: 'a reply' },
    })
    const { id: commentId } = await json(reply)
    const voters = await Promise.all(Array.from({ length: 20 }, () => makeUser()))
    await Promise.all(
      voters.flatMap((v) => [
        call(`/api/v1/votes/topics/${topicId}`, { method: 'PUT', session: v.session }),
        call(`/api/v1/votes/topics/${topicId}`, { method: 'PUT', session: v.session }),
        call(`/api/v1/votes/comments/${commentId}`, { method: 'PUT', session: v.session }),
      ]),
    )
    const thread = await json(
      await call(`/api/v1/discussions/topics/${topicId}`, { session: voters[0]!.session }),
    )
    expect(thread).toMatchObject({ voteCount: 20, hasVoted: true })
    expect(thread.comments[0]).toMatchObject({ voteCount: 20, hasVoted: true })
    const list = await json(
      await call(`/api/v1/discussions/models/${model.path}?sort=votes`, {
        session: author.session,
      }),
    )
    expect(list.topics[0]).toMatchObject({ id: topicId, voteCount: 20, hasVoted: false })
  })
})
