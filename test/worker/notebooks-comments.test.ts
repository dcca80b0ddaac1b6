// A notebook's comment thread: comments and replies in reading order, the author's edit and
// delete, the discussions' limits and posting rate, hostile text kept as data, votes, hiding by
// whoever acts for the notebook's owner, reports to the admins' queue, and a private notebook's
// thread invisible (404, never 403) to everyone who may not see the notebook.
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { getCatalogVersion } from '../../db/queries/catalog-version'
import type { ApiAdminReport, ListNotebookCommentsResponse } from '../../worker/api-types'
import { postingLimits } from '../../worker/community/posting-limit'
import { db, json } from './helpers'
import { call, makeUser, uniqueName } from './accounts-helpers'
import { createFrom, created, makeVariation } from './notebooks-helpers'

type User = Awaited<ReturnType<typeof makeUser>>

let owner: User
let alice: User
let stranger: User
let admin: User

beforeAll(async () => {
  owner = await makeUser()
  alice = await makeUser()
  stranger = await makeUser()
  admin = await makeUser({ admin: true })
})

async function notebook(isPrivate = false) {
  const v = await makeVariation()
  const nb = await created(await createFrom(owner.session, v, { title: 'Talked about', isPrivate }))
  return `/api/v1/notebooks/${nb.owner}/${nb.slug}`
}

const comment = (user: User, path: string, body: string, parentId?: number) =>
  call(`${path}/comments`, {
    session: user.session,
    body: parentId === undefined ? { body } : { body, parentId },
  })

const thread = async (path: string, session?: string) =>
  json<ListNotebookCommentsResponse>(await call(`${path}/comments`, { session }))

describe('a notebook comment thread', () => {
  it('lists comments with their replies after each, oldest first', async () => {
    const path = await notebook()
    const first = await json(await comment(alice, path, 'First'))
    const second = await json(await comment(owner, path, 'Second'))
    const reply = await comment(owner, path, 'Reply to first', first.id)
    expect(reply.status).toBe(201)
    expect(await json(reply)).toMatchObject({ parentId: first.id })
    // an answer to a reply joins the top-level comment's thread
    const nested = await json(await comment(alice, path, 'Answer to the reply', first.id + 2))
    expect(nested.parentId).toBe(first.id)
    const list = await thread(path)
    expect(list.totalComments).toBe(4)
    expect(list.comments.map((c) => [c.body, c.parentId])).toEqual([
      ['First', null],
      ['Reply to first', first.id],
      ['Answer to the reply', first.id],
      ['Second', null],
    ])
    expect(list.comments[0]!.author.slug).toBe(alice.username)
    expect(second.parentId).toBeNull()
  })

  it('keeps hostile text as data: the API answers markdown, never HTML', async () => {
    const path = await notebook()
    const body =
      '<script>alert(1)</script> **bold** [x](javascript:alert(1)) <img src=x onerror=alert(1)>'
    expect((await comment(alice, path, `  ${body}\0  `)).status).toBe(201)
    const list = await thread(path)
    expect(list.comments[0]!.body).toBe(body)
  })

  it('refuses empty, too long and malformed comments in the envelope, storing nothing', async () => {
    const path = await notebook()
    for (const body of [
      { body: '   ' },
      { body: 'x'.repeat(10_001) },
      { body: 42 },
      {},
      { body: 'ok', parentId: 'one' },
    ]) {
      const res = await call(`${path}/comments`, { session: alice.session, body })
      expect(res.status, JSON.stringify(body).slice(0, 60)).toBe(400)
      expect(await json(res)).toMatchObject({ code: 400, error: { code: 'BAD_REQUEST' } })
    }
    const missingParent = await comment(alice, path, 'to nothing', 999_999_999)
    expect(missingParent.status).toBe(404)
    expect((await thread(path)).totalComments).toBe(0)
  })

  it('does not take a reply to another notebook’s comment', async () => {
    const [a, b] = [await notebook(), await notebook()]
    const there = await json(await comment(alice, a, 'on a'))
    const res = await comment(alice, b, 'crossing over', there.id)
    expect(res.status).toBe(404)
    expect(await json(res)).toMatchObject({ error: { code: 'NOT_FOUND' } })
    // nor edits or deletes through another notebook's path
    const edit = await call(`${b}/comments/${there.id}`, {
      method: 'PATCH',
      session: alice.session,
      body: { body: 'moved' },
    })
    expect(edit.status).toBe(404)
    expect((await thread(a)).comments[0]!.body).toBe('on a')
  })

  it('needs a signed-in user to post', async () => {
    const path = await notebook()
    const res = await call(`${path}/comments`, { body: { body: 'anonymous' } })
    expect(res.status).toBe(401)
    expect(await json(res)).toMatchObject({ error: { code: 'UNAUTHORIZED' } })
  })

  it('lets the author edit and delete; nobody else', async () => {
    const path = await notebook()
    const { id } = await json(await comment(alice, path, 'Original'))
    const byOther = await call(`${path}/comments/${id}`, {
      method: 'PATCH',
      session: owner.session,
      body: { body: 'Not yours' },
    })
    expect(byOther.status).toBe(403)
    expect(await json(byOther)).toMatchObject({ error: { code: 'FORBIDDEN' } })
    const edited = await call(`${path}/comments/${id}`, {
      method: 'PATCH',
      session: alice.session,
      body: { body: 'Edited' },
    })
    expect(edited.status).toBe(200)
    let list = await thread(path)
    expect(list.comments[0]).toMatchObject({ body: 'Edited', isEdited: true })
    expect(list.comments[0]!.editTime).toBeTypeOf('string')

    const reply = await json(await comment(owner, path, 'A reply', id))
    expect(
      (await call(`${path}/comments/${id}`, { method: 'DELETE', session: stranger.session }))
        .status,
    ).toBe(403)
    expect(
      (await call(`${path}/comments/${id}`, { method: 'DELETE', session: alice.session })).status,
    ).toBe(204)
    // the deleted comment keeps its place for its reply, without its words or author
    list = await thread(path)
    expect(list.comments.map((c) => [c.id, c.isDeleted, c.body, c.author.slug])).toEqual([
      [id, true, '', null],
      [reply.id, false, 'A reply', owner.username],
    ])
    // a deleted comment is gone for edits, deletes and replies
    for (const res of [
      await call(`${path}/comments/${id}`, { method: 'DELETE', session: alice.session }),
      await call(`${path}/comments/${id}`, {
        method: 'PATCH',
        session: alice.session,
        body: { body: 'back' },
      }),
      await comment(owner, path, 'to the deleted one', id),
    ])
      expect(res.status).toBe(404)
  })

  it('pages 50 at a time with a token bound to the thread', async () => {
    const path = await notebook()
    const other = await notebook()
    const writers = await Promise.all(Array.from({ length: 3 }, () => makeUser()))
    for (let i = 0; i < 52; i++)
      expect((await comment(writers[i % 3]!, path, `c${i}`)).status).toBe(201)
    const first = await thread(path)
    expect(first.comments).toHaveLength(50)
    expect(first.totalComments).toBe(52)
    expect(first.nextPageToken).toBeTypeOf('string')
    const next = await json<ListNotebookCommentsResponse>(
      await call(`${path}/comments?pageToken=${encodeURIComponent(first.nextPageToken!)}`),
    )
    expect(next.comments.map((c) => c.body)).toEqual(['c50', 'c51'])
    expect(next.nextPageToken).toBeUndefined()
    const elsewhere = await call(
      `${other}/comments?pageToken=${encodeURIComponent(first.nextPageToken!)}`,
    )
    expect(elsewhere.status).toBe(400)
    const forged = await call(`${path}/comments?pageToken=nope`)
    expect(forged.status).toBe(400)
    expect(await json(forged)).toMatchObject({ error: { code: 'BAD_REQUEST' } })
  })

  it('limits the posting rate with the discussions’ 429', async () => {
    const path = await notebook()
    const busy = await makeUser()
    for (let i = 0; i < postingLimits.post.max; i++)
      expect((await comment(busy, path, `c${i}`)).status).toBe(201)
    const refused = await comment(busy, path, 'one too many')
    expect(refused.status).toBe(429)
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(await json(refused)).toMatchObject({
      error: { code: 'TOO_MANY_REQUESTS', message: expect.stringMatching(/too many posts/) },
    })
  })

  it('goes with its notebook when the notebook is deleted', async () => {
    const path = await notebook()
    const { id } = await json(await comment(alice, path, 'Soon gone'))
    await comment(owner, path, 'reply', id)
    expect((await call(path, { method: 'DELETE', session: owner.session })).status).toBe(204)
    expect((await call(`${path}/comments`)).status).toBe(404)
  })
})

describe('a private notebook’s thread', () => {
  it('is read and written by whoever may see the notebook', async () => {
    const path = await notebook(true)
    expect((await comment(owner, path, 'Note to self')).status).toBe(201)
    expect((await thread(path, owner.session)).totalComments).toBe(1)
  })

  it('answers 404, never 403, to everyone else on every route, and changes nothing', async () => {
    const path = await notebook(true)
    const { id } = await json(await comment(owner, path, 'Private words'))
    const answers = [
      await call(`${path}/comments`),
      await call(`${path}/comments`, { session: stranger.session }),
      await comment(stranger, path, 'let me in'),
      await comment(stranger, path, 'let me in', id),
      await call(`${path}/comments/${id}`, {
        method: 'PATCH',
        session: stranger.session,
        body: { body: 'mine' },
      }),
      await call(`${path}/comments/${id}`, { method: 'DELETE', session: stranger.session }),
    ]
    for (const res of answers) {
      expect(res.status).toBe(404)
      const body = await json(res)
      expect(body).toMatchObject({ error: { code: 'NOT_FOUND' } })
      expect(JSON.stringify(body)).not.toContain('Private words')
    }
    const list = await thread(path, owner.session)
    expect(list.comments.map((c) => c.body)).toEqual(['Private words'])
  })

  it('stays hidden from its own commenters once the notebook turns private', async () => {
    const path = await notebook()
    const { id } = await json(await comment(alice, path, 'said in public'))
    const hide = await call(path, {
      method: 'PATCH',
      session: owner.session,
      body: { isPrivate: true },
    })
    expect(hide.status).toBe(200)
    expect((await call(`${path}/comments`, { session: alice.session })).status).toBe(404)
    const edit = await call(`${path}/comments/${id}`, {
      method: 'PATCH',
      session: alice.session,
      body: { body: 'still mine?' },
    })
    expect(edit.status).toBe(404)
  })
})

const votePath = (path: string, id: number) =>
  `${path.replace('/notebooks/', '/votes/notebooks/')}/comments/${id}`
const vote = (user: User | undefined, path: string, id: number, on = true) =>
  call(votePath(path, id), { method: on ? 'PUT' : 'DELETE', session: user?.session })
const hide = (user: User | undefined, path: string, id: number, hidden = true) =>
  call(`${path}/comments/${id}/moderation`, {
    method: 'PUT',
    session: user?.session,
    body: { hidden },
  })
const report = (user: User | undefined, path: string, id: number, reason = 'spam') =>
  call(`${path}/comments/${id}/reports`, { session: user?.session, body: { reason } })

/** A public notebook of a new organization that `member` belongs to: its API path. */
async function organizationNotebook(member: User) {
  const org = uniqueName('org')
  const row = await env.DB.prepare(
    `insert into owners (slug, kind, display_name, source) values (?, 'organization', 'Org', 'local') returning id`,
  )
    .bind(org)
    .first<{ id: number }>()
  await env.DB.prepare(
    `insert into organization_members (organization_id, user_id, role) values (?, ?, 'member')`,
  )
    .bind(row!.id, member.id)
    .run()
  const path = await notebook()
  const slug = path.split('/').pop()!
  await env.DB.prepare(`update hosted_notebooks set owner_id = ? where slug = ? and owner_id = ?`)
    .bind(row!.id, slug, owner.ownerId)
    .run()
  return `/api/v1/notebooks/${org}/${slug}`
}

describe('votes on notebook comments', () => {
  it('count each user once, PUT and DELETE idempotent, and the thread says who voted', async () => {
    const path = await notebook()
    const { id } = await json(await comment(alice, path, 'Worth a vote'))
    for (const user of [alice, stranger, alice]) {
      const res = await vote(user, path, id)
      expect(res.status).toBe(200)
      expect(await json(res)).toMatchObject({ hasVoted: true })
    }
    expect(await json(await vote(stranger, path, id))).toEqual({ voteCount: 2, hasVoted: true })
    expect((await thread(path, alice.session)).comments[0]).toMatchObject({
      voteCount: 2,
      hasVoted: true,
    })
    expect((await thread(path)).comments[0]).toMatchObject({ voteCount: 2, hasVoted: false })
    expect(await json(await vote(alice, path, id, false))).toEqual({
      voteCount: 1,
      hasVoted: false,
    })
    expect(await json(await vote(alice, path, id, false))).toEqual({
      voteCount: 1,
      hasVoted: false,
    })
    expect((await thread(path, alice.session)).comments[0]).toMatchObject({
      voteCount: 1,
      hasVoted: false,
    })
  })

  it('ends exact when votes arrive at once', async () => {
    const path = await notebook()
    const { id } = await json(await comment(alice, path, 'Popular'))
    const voters = await Promise.all(Array.from({ length: 10 }, () => makeUser()))
    await Promise.all(voters.map((u) => vote(u, path, id)))
    await Promise.all([0, 1, 2, 3].map((i) => vote(voters[0], path, id, i % 2 === 1)))
    const rows = await env.DB.prepare(
      `select count(*) as n from discussion_votes where target_kind = 'notebook_comment' and target_id = ?`,
    )
      .bind(id)
      .first<{ n: number }>()
    expect((await thread(path)).comments[0]!.voteCount).toBe(rows!.n)
  })

  it('needs a signed-in user, and refuses deleted, hidden and unknown comments', async () => {
    const path = await notebook()
    const other = await notebook()
    const { id } = await json(await comment(alice, path, 'Here'))
    const anonymous = await vote(undefined, path, id)
    expect(anonymous.status).toBe(401)
    expect(await json(anonymous)).toMatchObject({ error: { code: 'UNAUTHORIZED' } })
    // another notebook's comment through this path
    const elsewhere = await vote(stranger, other, id)
    expect(elsewhere.status).toBe(404)
    expect(await json(elsewhere)).toMatchObject({ error: { code: 'NOT_FOUND' } })
    expect((await vote(stranger, path, 999_999_999)).status).toBe(404)
    const hidden = await json(await comment(alice, path, 'Hidden soon'))
    expect((await hide(owner, path, hidden.id)).status).toBe(200)
    expect((await vote(stranger, path, hidden.id)).status).toBe(404)
    const gone = await json(await comment(alice, path, 'Deleted soon'))
    await call(`${path}/comments/${gone.id}`, { method: 'DELETE', session: alice.session })
    expect((await vote(stranger, path, gone.id)).status).toBe(404)
  })

  it('do not move the catalog version', async () => {
    const path = await notebook()
    const { id } = await json(await comment(alice, path, 'Cached pages stay'))
    const before = await getCatalogVersion(db())
    expect((await vote(stranger, path, id)).status).toBe(200)
    expect((await vote(stranger, path, id, false)).status).toBe(200)
    expect(await getCatalogVersion(db())).toBe(before)
  })

  it('go with the notebook, as do its comments’ reports', async () => {
    const path = await notebook()
    const { id } = await json(await comment(alice, path, 'Soon gone'))
    expect((await vote(stranger, path, id)).status).toBe(200)
    expect((await report(stranger, path, id)).status).toBe(201)
    expect((await call(path, { method: 'DELETE', session: owner.session })).status).toBe(204)
    for (const table of ['discussion_votes', 'reports']) {
      const left = await env.DB.prepare(
        `select count(*) as n from ${table} where target_kind = 'notebook_comment' and target_id = ?`,
      )
        .bind(id)
        .first<{ n: number }>()
      expect(left!.n, table).toBe(0)
    }
  })
})

describe('hiding a notebook comment', () => {
  it('withholds its words from readers, keeps its place, and shows it to moderators', async () => {
    const path = await notebook()
    const { id } = await json(await comment(alice, path, 'Rude words'))
    const reply = await json(await comment(stranger, path, 'A reply', id))
    const res = await hide(owner, path, id)
    expect(res.status).toBe(200)
    expect(await json(res)).toEqual({ isHidden: true })
    for (const reader of [undefined, alice.session, stranger.session]) {
      const list = await thread(path, reader)
      expect(list.canModerate).toBe(false)
      expect(list.comments.map((c) => [c.id, c.isHidden, c.body, c.author])).toEqual([
        [id, true, '', { slug: null, name: 'hidden' }],
        [reply.id, false, 'A reply', expect.objectContaining({ slug: stranger.username })],
      ])
      expect(JSON.stringify(list)).not.toContain('Rude words')
    }
    for (const moderator of [owner, admin]) {
      const list = await thread(path, moderator.session)
      expect(list.canModerate).toBe(true)
      expect(list.comments[0]).toMatchObject({ isHidden: true, body: 'Rude words' })
      expect(list.comments[0]!.author.slug).toBe(alice.username)
    }
    // nobody but a moderator answers a hidden comment
    expect((await comment(stranger, path, 'Another reply', id)).status).toBe(404)
    expect((await comment(alice, path, 'My own, hidden', id)).status).toBe(404)
    expect((await comment(owner, path, 'Hidden: please keep it civil', id)).status).toBe(201)
    expect(await json(await hide(owner, path, id, false))).toEqual({ isHidden: false })
    expect((await thread(path)).comments[0]).toMatchObject({ isHidden: false, body: 'Rude words' })
    expect((await comment(stranger, path, 'Another reply', id)).status).toBe(201)
  })

  it('is for whoever acts for the owner (an organization member) and admins', async () => {
    const member = await makeUser()
    const path = await organizationNotebook(member)
    const { id } = await json(await comment(alice, path, 'On an organization’s notebook'))
    expect((await thread(path, member.session)).canModerate).toBe(true)
    expect((await hide(member, path, id)).status).toBe(200)
    expect((await hide(admin, path, id, false)).status).toBe(200)
    expect((await hide(admin, path, id)).status).toBe(200)
    expect((await thread(path)).comments[0]).toMatchObject({ isHidden: true, body: '' })
  })

  it('is refused to others in the envelope, changing nothing', async () => {
    const path = await notebook()
    const { id } = await json(await comment(alice, path, 'Mine to keep'))
    const anonymous = await hide(undefined, path, id)
    expect(anonymous.status).toBe(401)
    expect(await json(anonymous)).toMatchObject({ error: { code: 'UNAUTHORIZED' } })
    // the author is no moderator: they may delete their words, not hide them
    for (const user of [alice, stranger]) {
      const res = await hide(user, path, id)
      expect(res.status).toBe(403)
      expect(await json(res)).toMatchObject({
        error: { code: 'FORBIDDEN', message: 'not allowed: notebook.moderate' },
      })
    }
    const bad = await call(`${path}/comments/${id}/moderation`, {
      method: 'PUT',
      session: owner.session,
      body: { hidden: 'yes' },
    })
    expect(bad.status).toBe(400)
    expect((await hide(owner, path, 999_999_999)).status).toBe(404)
    expect((await thread(path)).comments[0]).toMatchObject({ isHidden: false })
  })
})

describe('reporting a notebook comment', () => {
  it('lands once per reporter in the admins’ queue, with a link to the notebook', async () => {
    const path = await notebook()
    const [nbOwner, slug] = path.split('/').slice(-2)
    const { id } = await json(await comment(alice, path, 'Reported words'))
    for (let i = 0; i < 2; i++) {
      const res = await report(stranger, path, id, 'Off topic')
      expect(res.status).toBe(201)
      expect(await json(res)).toEqual({ reported: true })
    }
    expect((await call('/api/v1/admin/reports', { session: stranger.session })).status).toBe(403)
    const queue = await json<{ reports: ApiAdminReport[] }>(
      await call('/api/v1/admin/reports', { session: admin.session }),
    )
    const mine = queue.reports.filter(
      (r) => r.targetKind === 'notebook_comment' && r.targetId === id,
    )
    expect(mine).toEqual([
      expect.objectContaining({
        notebook: `${nbOwner}/${slug}`,
        model: null,
        topicId: null,
        text: 'Reported words',
        reason: 'Off topic',
        reporter: stranger.username,
        status: 'open',
      }),
    ])
  })

  it('needs a signed-in user, a reason and a live comment', async () => {
    const path = await notebook()
    const { id } = await json(await comment(alice, path, 'Here'))
    expect((await report(undefined, path, id)).status).toBe(401)
    const empty = await report(stranger, path, id, '  ')
    expect(empty.status).toBe(400)
    expect(await json(empty)).toMatchObject({ error: { code: 'BAD_REQUEST' } })
    expect((await report(stranger, path, id, 'x'.repeat(1001))).status).toBe(400)
    await call(`${path}/comments/${id}`, { method: 'DELETE', session: alice.session })
    expect((await report(stranger, path, id)).status).toBe(404)
    expect((await report(stranger, path, 999_999_999)).status).toBe(404)
  })

  it('limits the reporting rate with the discussions’ 429', async () => {
    const path = await notebook()
    const slug = path.split('/').pop()
    const ids: number[] = []
    for (let i = 0; i <= postingLimits.report.max; i++) {
      const row = await env.DB.prepare(
        `insert into notebook_comments (notebook_id, author_id, body_md)
          select id, ?, ? from hosted_notebooks where owner_id = ? and slug = ? returning id`,
      )
        .bind(alice.id, `c${i}`, owner.ownerId, slug)
        .first<{ id: number }>()
      ids.push(row!.id)
    }
    const busy = await makeUser()
    for (const id of ids.slice(0, -1)) expect((await report(busy, path, id)).status).toBe(201)
    const refused = await report(busy, path, ids.at(-1)!)
    expect(refused.status).toBe(429)
    expect(await json(refused)).toMatchObject({
      error: { code: 'TOO_MANY_REQUESTS', message: expect.stringMatching(/too many reports/) },
    })
  })
})

describe('a private notebook’s comment votes, hiding and reports', () => {
  it('answer 404 to whoever may not see the notebook, and work for its owner', async () => {
    const path = await notebook(true)
    const { id } = await json(await comment(owner, path, 'Private words'))
    for (const res of [
      await vote(stranger, path, id),
      await vote(stranger, path, id, false),
      await hide(stranger, path, id),
      await report(stranger, path, id),
    ]) {
      expect(res.status).toBe(404)
      const body = await json(res)
      expect(body).toMatchObject({ error: { code: 'NOT_FOUND' } })
      expect(JSON.stringify(body)).not.toContain('Private words')
    }
    expect(await json(await vote(owner, path, id))).toEqual({ voteCount: 1, hasVoted: true })
    expect((await hide(owner, path, id)).status).toBe(200)
  })
})

describe("the comment routes' bad input", () => {
  it('answers malformed ids and bodies in the envelope, and changes nothing', async () => {
    const path = await notebook()
    const { id } = await json(await comment(alice, path, 'Left as it is'))
    const writes = (at: string) => [
      call(`/api/v1/votes${path.replace('/api/v1', '')}/comments/${at}`, {
        method: 'PUT',
        session: stranger.session,
      }),
      call(`${path}/comments/${at}/moderation`, {
        method: 'PUT',
        session: owner.session,
        body: { hidden: true },
      }),
      call(`${path}/comments/${at}/reports`, { session: stranger.session, body: { reason: 'x' } }),
    ]
    for (const at of ['abc', '-1', '0', '1e3', '1.5', '99999999999999999999', '%00'])
      for (const res of await Promise.all(writes(at))) {
        expect([400, 404], at).toContain(res.status)
        expect(await json(res), at).toMatchObject({ error: { code: expect.any(String) } })
      }
    const bodies: [string, unknown][] = [
      ['moderation', {}],
      ['moderation', { hidden: null }],
      ['moderation', [true]],
      ['reports', {}],
      ['reports', { reason: 42 }],
      ['reports', { reason: '   ' }],
    ]
    for (const [route, body] of bodies) {
      const res = await call(`${path}/comments/${id}/${route}`, {
        method: route === 'moderation' ? 'PUT' : 'POST',
        session: route === 'moderation' ? owner.session : stranger.session,
        body,
      })
      expect(res.status, `${route} ${JSON.stringify(body)}`).toBe(400)
      expect(await json(res)).toMatchObject({ code: 400, error: { code: 'BAD_REQUEST' } })
    }
    const notJson = await call(`${path}/comments/${id}/moderation`, {
      method: 'PUT',
      session: owner.session,
      headers: { 'content-type': 'application/json' },
      raw: new TextEncoder().encode('{"hidden": tru'),
    })
    expect(notJson.status).toBe(400)
    const [left] = (await thread(path)).comments
    expect(left).toMatchObject({ id, isHidden: false, voteCount: 0, body: 'Left as it is' })
    const reports = await env.DB.prepare(
      `select count(*) as n from reports where target_kind = 'notebook_comment' and target_id = ?`,
    )
      .bind(id)
      .first<{ n: number }>()
    expect(reports!.n).toBe(0)
  })
})
