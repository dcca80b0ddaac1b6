// Discussions, reports, suggestions, avatars and account deletion through the whole app.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { avatarMaxBytes } from '../../worker/community/avatar'
import { postingLimits } from '../../worker/community/posting-limit'
import { json } from './helpers'
import { call, makeUser, password, uniqueName } from './accounts-helpers'

type User = Awaited<ReturnType<typeof makeUser>>

async function makeModel(member?: User) {
  const org = uniqueName('org')
  const owner = await env.DB.prepare(
    `insert into owners (slug, kind, display_name, source) values (?, 'organization', 'Org', 'local') returning id`,
  )
    .bind(org)
    .first<{ id: number }>()
  if (member)
    await env.DB.prepare(
      `insert into organization_members (organization_id, user_id, role) values (?, ?, 'member')`,
    )
      .bind(owner!.id, member.id)
      .run()
  const slug = uniqueName('model')
  await env.DB.prepare(
    `insert into models (owner_id, slug, title, provenance) values (?, ?, 'Talked about', 'community')`,
  )
    .bind(owner!.id, slug)
    .run()
  return { path: `${org}/${slug}`, org }
}

async function startTopic(
  user: User,
  modelPath: string,
  title = 'How fast is it?',
  body = 'On a **phone**?',
) {
  const res = await call(`/api/v1/discussions/models/${modelPath}`, {
    session: user.session,
    body: { title, body },
  })
  expect(res.status, await res.clone().text()).toBe(201)
  return (await json<{ id: number }>(res)).id
}

const reply = (user: User, topicId: number, body: string) =>
  call(`/api/v1/discussions/topics/${topicId}/comments`, { session: user.session, body: { body } })

const thread = async (topicId: number, user?: User) =>
  call(`/api/v1/discussions/topics/${topicId}`, user ? { session: user.session } : {})

describe('topics and replies', () => {
  it('starts a topic, replies, edits (marked edited), and answers markdown, never HTML', async () => {
    const model = await makeModel()
    const alice = await makeUser()
    const bob = await makeUser()
    const body = '<script>alert(1)</script> **bold** [x](javascript:alert(1))'
    const topicId = await startTopic(
      alice,
      model.path,
      'Question <img src=x onerror=alert(1)>',
      body,
    )
    expect((await reply(bob, topicId, 'An *answer*')).status).toBe(201)
    const edited = await call(`/api/v1/discussions/topics/${topicId}`, {
      method: 'PATCH',
      session: alice.session,
      body: { body: `${body} (edited)` },
    })
    expect(edited.status).toBe(200)
    const res = await thread(topicId)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    const t = await json(res)
    expect(t).toMatchObject({
      title: 'Question <img src=x onerror=alert(1)>',
      body: `${body} (edited)`,
      isEdited: true,
      commentCount: 1,
      author: { slug: alice.username, name: alice.displayName },
      model: { ownerSlug: model.org },
    })
    expect(t.comments).toMatchObject([
      { body: 'An *answer*', isEdited: false, author: { slug: bob.username } },
    ])
    const list = await json(await call(`/api/v1/discussions/models/${model.path}`))
    expect(list).toMatchObject({
      totalResults: 1,
      topics: [{ id: topicId, commentCount: 1, isEdited: true }],
    })
    const detail = await json(await call(`/api/v1/models/${model.path}/get`))
    expect(detail.discussionCount).toBe(1)
  })

  it('nobody but the author edits or deletes a post', async () => {
    const model = await makeModel()
    const alice = await makeUser()
    const admin = await makeUser({ admin: true })
    const topicId = await startTopic(alice, model.path)
    for (const who of [await makeUser(), admin]) {
      const res = await call(`/api/v1/discussions/topics/${topicId}`, {
        method: 'PATCH',
        session: who.session,
        body: { title: 'Taken over' },
      })
      expect(res.status).toBe(403)
    }
  })

  it('deleting keeps the thread its shape: a deleted topic with replies stays, marked deleted', async () => {
    const model = await makeModel()
    const alice = await makeUser()
    const bob = await makeUser()
    const topicId = await startTopic(alice, model.path)
    const r1 = await json(await reply(bob, topicId, 'first'))
    await reply(alice, topicId, 'second')
    expect(
      (
        await call(`/api/v1/discussions/comments/${r1.id}`, {
          method: 'DELETE',
          session: bob.session,
        })
      ).status,
    ).toBe(204)
    expect(
      (
        await call(`/api/v1/discussions/topics/${topicId}`, {
          method: 'DELETE',
          session: alice.session,
        })
      ).status,
    ).toBe(204)
    const t = await json(await thread(topicId))
    expect(t).toMatchObject({ isDeleted: true, title: '', body: '', commentCount: 1 })
    expect(t.comments).toMatchObject([
      { isDeleted: true, body: '', author: { slug: null } },
      { isDeleted: false, body: 'second' },
    ])
    const stored = await env.DB.prepare('select title, body_md from discussion_topics where id = ?')
      .bind(topicId)
      .first()
    expect(stored).toEqual({ title: '', body_md: '' })
    const list = await json(await call(`/api/v1/discussions/models/${model.path}`))
    expect(list.topics).toMatchObject([{ id: topicId, isDeleted: true }])
    // a deleted topic without replies leaves the list
    const lone = await startTopic(alice, model.path, 'Alone')
    await call(`/api/v1/discussions/topics/${lone}`, { method: 'DELETE', session: alice.session })
    const after = await json(await call(`/api/v1/discussions/models/${model.path}`))
    expect(after.topics.map((t: { id: number }) => t.id)).toEqual([topicId])
  })

  it('refuses titles and bodies out of bounds with 400, changing nothing', async () => {
    const model = await makeModel()
    const alice = await makeUser()
    for (const body of [
      { title: 'ab', body: 'x' },
      { title: 'x'.repeat(201), body: 'x' },
      { title: 'Fine title', body: '   ' },
      { title: 'Fine title', body: 'x'.repeat(20_001) },
      { title: 'Fine title' },
    ]) {
      const res = await call(`/api/v1/discussions/models/${model.path}`, {
        session: alice.session,
        body,
      })
      expect(res.status).toBe(400)
      expect(await json(res)).toMatchObject({ code: 400, error: { code: 'BAD_REQUEST' } })
    }
    const list = await json(await call(`/api/v1/discussions/models/${model.path}`))
    expect(list.totalResults).toBe(0)
  })

  it('limits the posting rate with a 429 naming the limit and Retry-After', async () => {
    const model = await makeModel()
    const alice = await makeUser()
    const topicId = await startTopic(alice, model.path)
    for (let i = 1; i < postingLimits.post.max; i++)
      expect((await reply(alice, topicId, `reply ${i}`)).status).toBe(201)
    const refused = await reply(alice, topicId, 'one too many')
    expect(refused.status).toBe(429)
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(await json(refused)).toMatchObject({
      code: 429,
      error: { code: 'TOO_MANY_REQUESTS', message: expect.stringMatching(/too many posts/) },
    })
    const t = await json(await thread(topicId))
    expect(t.totalComments).toBe(postingLimits.post.max - 1)
  })

  it('sorts by hot, recent and votes, pinned first, and pages with a token', async () => {
    const model = await makeModel()
    const alice = await makeUser()
    const ids: number[] = []
    for (let i = 0; i < 33; i++) {
      const res = await call(`/api/v1/discussions/models/${model.path}`, {
        session: (await makeUser()).session,
        body: { title: `Topic ${i}`, body: 'b' },
      })
      ids.push((await json(res)).id)
    }
    const voted = ids[5]!
    await call(`/api/v1/votes/topics/${voted}`, { method: 'PUT', session: alice.session })
    const byVotes = await json(await call(`/api/v1/discussions/models/${model.path}?sort=votes`))
    expect(byVotes.topics[0].id).toBe(voted)
    const recent = await json(await call(`/api/v1/discussions/models/${model.path}?sort=recent`))
    expect(recent.topics[0].id).toBe(ids[32])
    const hot = await json(await call(`/api/v1/discussions/models/${model.path}?sort=hot`))
    expect(hot.topics[0].id).toBe(voted)
    expect(hot.topics).toHaveLength(30)
    const next = await json(
      await call(`/api/v1/discussions/models/${model.path}?pageToken=${hot.nextPageToken}`),
    )
    expect(next.topics).toHaveLength(3)
    expect(next.nextPageToken).toBeUndefined()
    const all = [...hot.topics, ...next.topics].map((t: { id: number }) => t.id)
    expect(new Set(all).size).toBe(33)
    const bad = await call(`/api/v1/discussions/models/${model.path}?pageToken=nope`)
    expect(bad.status).toBe(400)
  })
})

describe('moderation', () => {
  it('an organization member of the owner pins, locks and hides; others may not', async () => {
    const member = await makeUser()
    const model = await makeModel(member)
    const alice = await makeUser()
    const first = await startTopic(alice, model.path, 'First')
    const second = await startTopic(alice, model.path, 'Second')
    const moderate = (user: User, id: number, body: object) =>
      call(`/api/v1/discussions/topics/${id}/moderation`, {
        method: 'PUT',
        session: user.session,
        body,
      })
    expect((await moderate(alice, first, { pinned: true })).status).toBe(403)
    expect((await moderate(member, first, { pinned: true, locked: true })).status).toBe(200)
    const list = await json(await call(`/api/v1/discussions/models/${model.path}?sort=recent`))
    expect(list.topics.map((t: { id: number }) => t.id)).toEqual([first, second])
    expect(list.topics[0]).toMatchObject({ isPinned: true, isLocked: true })
    const locked = await reply(alice, first, 'let me in')
    expect(locked.status).toBe(409)
    expect(await json(locked)).toMatchObject({
      error: { code: 'CONFLICT', message: expect.stringMatching(/locked/) },
    })
    expect((await moderate(member, second, { hidden: true })).status).toBe(200)
    expect((await thread(second, alice)).status).toBe(404)
    expect((await thread(second, member)).status).toBe(200)
    const others = await json(await call(`/api/v1/discussions/models/${model.path}`))
    expect(others).toMatchObject({ totalResults: 1, canModerate: false })
    const theirs = await json(
      await call(`/api/v1/discussions/models/${model.path}`, { session: member.session }),
    )
    expect(theirs).toMatchObject({ totalResults: 2, canModerate: true })
    expect((await json(await call(`/api/v1/models/${model.path}/get`))).discussionCount).toBe(1)
  })

  it('a hidden reply keeps its place; its words are for moderators only', async () => {
    const admin = await makeUser({ admin: true })
    const model = await makeModel()
    const alice = await makeUser()
    const topicId = await startTopic(alice, model.path)
    const { id } = await json(await reply(alice, topicId, 'rude words'))
    const hide = await call(`/api/v1/discussions/comments/${id}/moderation`, {
      method: 'PUT',
      session: admin.session,
      body: { hidden: true },
    })
    expect(hide.status).toBe(200)
    expect((await json(await thread(topicId))).comments).toMatchObject([
      { isHidden: true, body: '' },
    ])
    expect((await json(await thread(topicId, admin))).comments).toMatchObject([
      { isHidden: true, body: 'rude words' },
    ])
  })

  it('reports land in the admin queue once per reporter, and the admin resolves them', async () => {
    const admin = await makeUser({ admin: true })
    const model = await makeModel()
    const alice = await makeUser()
    const bob = await makeUser()
    const topicId = await startTopic(alice, model.path, 'Buy cheap watches')
    for (let i = 0; i < 2; i++) {
      const res = await call(`/api/v1/discussions/topics/${topicId}/reports`, {
        session: bob.session,
        body: { reason: 'spam' },
      })
      expect(res.status).toBe(201)
    }
    expect((await call('/api/v1/admin/reports', { session: bob.session })).status).toBe(403)
    const queue = await json(await call('/api/v1/admin/reports', { session: admin.session }))
    const mine = queue.reports.filter((r: { topicId: number }) => r.topicId === topicId)
    expect(mine).toMatchObject([
      {
        targetKind: 'topic',
        reason: 'spam',
        reporter: bob.username,
        status: 'open',
        model: model.path,
      },
    ])
    expect(mine[0].text).toMatch(/^Buy cheap watches/)
    const done = await call(`/api/v1/admin/reports/${mine[0].id}`, {
      method: 'PATCH',
      session: admin.session,
      body: { status: 'resolved' },
    })
    expect(done.status).toBe(200)
    const open = await json(await call('/api/v1/admin/reports', { session: admin.session }))
    expect(open.reports.some((r: { id: number }) => r.id === mine[0].id)).toBe(false)
  })
})

describe('suggest a source', () => {
  it("lands in the admin's queue with its status, which the suggester sees", async () => {
    const admin = await makeUser({ admin: true })
    const alice = await makeUser()
    const bad = await call('/api/v1/suggestions', {
      session: alice.session,
      body: { name: 'x', url: 'javascript:alert(1)' },
    })
    expect(bad.status).toBe(400)
    const created = await call('/api/v1/suggestions', {
      session: alice.session,
      body: { name: 'ONNX zoo', url: 'https://github.com/onnx/models', note: 'Apache-2.0' },
    })
    expect(created.status).toBe(201)
    const { id } = await json(created)
    const queue = await json(
      await call('/api/v1/admin/suggestions?status=new', { session: admin.session }),
    )
    expect(queue.suggestions.find((s: { id: number }) => s.id === id)).toMatchObject({
      name: 'ONNX zoo',
      username: alice.username,
      status: 'new',
    })
    await call(`/api/v1/admin/suggestions/${id}`, {
      method: 'PATCH',
      session: admin.session,
      body: { status: 'accepted', adminNote: 'next sync' },
    })
    const mine = await json(await call('/api/v1/suggestions/mine', { session: alice.session }))
    expect(mine.suggestions).toMatchObject([{ id, status: 'accepted', adminNote: 'next sync' }])
  })
})

const png = Uint8Array.from(
  atob(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  ),
  (ch) => ch.charCodeAt(0),
)

describe('avatars', () => {
  it('stores a PNG sniffed from its bytes and serves it back; refuses SVG, lies and big files', async () => {
    const alice = await makeUser()
    const put = (raw: Uint8Array, headers: Record<string, string> = {}) =>
      call('/api/v1/account/avatar', { method: 'PUT', session: alice.session, raw, headers })
    const svg = new TextEncoder().encode(
      '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    )
    expect((await put(svg, { 'content-type': 'image/png' })).status).toBe(400)
    const big = new Uint8Array(avatarMaxBytes + 1)
    big.set(png)
    expect((await put(big)).status).toBe(413)
    const ok = await put(png, { 'content-type': 'text/html' })
    expect(ok.status).toBe(200)
    const { imageUrl } = await json(ok)
    const served = await call(imageUrl)
    expect(served.status).toBe(200)
    expect(served.headers.get('content-type')).toBe('image/png')
    expect(served.headers.get('x-content-type-options')).toBe('nosniff')
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(png)
    const profile = await json(await call(`/api/v1/users/${alice.username}`))
    expect(profile).toMatchObject({ username: alice.username, imageUrl })
    // a new avatar replaces the old object
    const again = await json(await put(png))
    expect((await call(imageUrl)).status).toBe(404)
    expect((await call(again.imageUrl)).status).toBe(200)
  })
})

describe('deleting an account', () => {
  it('leaves a tombstone: posts show "deleted user", sign-in and credentials stop working', async () => {
    const model = await makeModel()
    const alice = await makeUser()
    const topicId = await startTopic(alice, model.path)
    await reply(alice, topicId, 'my reply')
    const wrong = await call('/api/v1/account', {
      method: 'DELETE',
      session: alice.session,
      body: { confirm: alice.username, password: 'not the password' },
    })
    expect(wrong.status).toBe(403)
    const gone = await call('/api/v1/account', {
      method: 'DELETE',
      session: alice.session,
      body: { confirm: alice.username, password },
    })
    expect(gone.status).toBe(204)
    const t = await json(await thread(topicId))
    expect(t.author).toEqual({ slug: null, name: 'deleted user' })
    expect(t.comments[0]).toMatchObject({
      author: { slug: null, name: 'deleted user' },
      body: 'my reply',
    })
    expect((await call('/api/v1/auth/me', { session: alice.session })).status).not.toBe(200)
    const signin = await call('/api/v1/auth/signin', {
      body: { username: alice.username, password },
      headers: { 'cf-connecting-ip': uniqueName('ip') },
    })
    expect(signin.status).toBe(401)
    expect((await call(`/api/v1/users/${alice.username}`)).status).toBe(404)
    const row = await env.DB.prepare('select email, password_hash from users where id = ?')
      .bind(alice.id)
      .first()
    expect(row).toEqual({ email: `deleted-${alice.id}@deleted.invalid`, password_hash: null })
    // the username is not freed
    const taken = await call('/api/v1/auth/signup', {
      body: { username: alice.username, displayName: 'X', email: 'new@example.test', password },
      headers: { 'cf-connecting-ip': uniqueName('ip') },
    })
    expect(taken.status).toBe(409)
  })
})

describe('CSRF on community writes', () => {
  it('refuses a cross-origin write with the session cookie; the same origin works', async () => {
    const model = await makeModel()
    const alice = await makeUser()
    const path = `/api/v1/votes/models/${model.path}`
    const cross = await call(path, {
      method: 'PUT',
      session: alice.session,
      origin: 'https://evil.test',
    })
    expect(cross.status).toBe(403)
    const none = await call(path, { method: 'PUT', session: alice.session, origin: null })
    expect(none.status).toBe(403)
    const form = await call(`/api/v1/discussions/models/${model.path}`, {
      session: alice.session,
      origin: 'https://evil.test',
      body: { title: 'Forged topic', body: 'x' },
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect(form.status).toBe(403)
    expect((await call(path, { method: 'PUT', session: alice.session })).status).toBe(200)
    expect((await json(await call(`/api/v1/models/${model.path}/get`))).voteCount).toBe(1)
  })
})
