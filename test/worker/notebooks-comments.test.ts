// A notebook's comment thread: comments and replies in reading order, the author's edit and
// delete, the discussions' limits and posting rate, hostile text kept as data, and a private
// notebook's thread invisible (404, never 403) to everyone who may not see the notebook.
import { beforeAll, describe, expect, it } from 'vitest'
import type { ListNotebookCommentsResponse } from '../../worker/api-types'
import { postingLimits } from '../../worker/community/posting-limit'
import { json } from './helpers'
import { call, makeUser } from './accounts-helpers'
import { createFrom, created, makeVariation } from './notebooks-helpers'

type User = Awaited<ReturnType<typeof makeUser>>

let owner: User
let alice: User
let stranger: User

beforeAll(async () => {
  owner = await makeUser()
  alice = await makeUser()
  stranger = await makeUser()
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
