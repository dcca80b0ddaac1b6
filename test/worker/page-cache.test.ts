// The edge cache of server-rendered pages (docs/ssr.md, "Edge cache"), in workerd with the real
// Cache API, D1 and the server build: a signed-out visitor's second request is a hit, a write to
// the model is a new key, signed-in callers and 404s never touch it, each answer has its own
// nonce, and an old page is served stale while it is drawn again. Votes and counted downloads
// keep the key (migration 0025): every column of the tables with counters is classified.
import { env, exports } from 'cloudflare:workers'
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test'
import { eq } from 'drizzle-orm'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { catalogUpdateColumns, uncountedCatalogTables } from '../../db/catalog-columns'
import { getCatalogVersion } from '../../db/queries/catalog-version'
import {
  discussionComments,
  discussionTopics,
  discussionVotes,
  hostedNotebooks,
  models,
  notebookVotes,
  variations,
  versions,
} from '../../db/schema'
import app from '../../worker/app'
import { freshMs } from '../../worker/pages/page-cache'
import { call, cookieName, makeUser } from './accounts-helpers'
import { db, downloadOf, fresh, seedDemo } from './helpers'

const origin = 'https://modelport.test'

const page = (path: string, headers: Record<string, string> = {}) =>
  exports.default.fetch(
    new Request(`${origin}${path}`, { headers: { accept: 'text/html', ...headers } }),
  )

/** The nonce of the data scripts and the one the CSP allows: one and the same per answer. */
async function nonceOf(res: Response) {
  const html = await res.text()
  const scripts = new Set([...html.matchAll(/<script nonce="([^"]+)"/g)].map((m) => m[1]))
  const csp = /'nonce-([^']+)'/.exec(res.headers.get('content-security-policy') ?? '')?.[1]
  expect(scripts.size).toBe(1)
  expect([...scripts][0]).toBe(csp)
  return { nonce: csp!, html }
}

/** A public model of a new user's, with a session to edit it. */
async function ownModel(title: string) {
  const user = await makeUser()
  const [model] = await db()
    .insert(models)
    .values({ ownerId: user.ownerId, slug: fresh('cached'), title, provenance: 'community' })
    .returning()
  return { user, model: model!, path: `/models/${user.username}/${model!.slug}` }
}

const catalogVersion = () => getCatalogVersion(db())

const countsOf = async (id: number) => {
  const [row] = await db()
    .select({ votes: models.voteCount, downloads: models.downloadCount })
    .from(models)
    .where(eq(models.id, id))
  return row!
}

beforeAll(async () => {
  await seedDemo()
})

afterEach(() => {
  vi.useRealTimers()
})

describe('a signed-out visitor', () => {
  it('gets the second request from the cache, each answer with its own nonce', async () => {
    const { path } = await ownModel('Cached once')
    const first = await page(path)
    expect(first.status).toBe(200)
    expect(first.headers.get('x-modelport-cache')).toBe('miss')
    expect(first.headers.get('server-timing')).toMatch(/^ssr;/)
    const second = await page(path)
    expect(second.status).toBe(200)
    expect(second.headers.get('x-modelport-cache')).toBe('hit')
    expect(second.headers.get('server-timing')).toBeNull()
    expect(second.headers.get('cache-control')).toBe('no-cache')
    const third = await page(path)
    const [a, b, c] = [await nonceOf(first), await nonceOf(second), await nonceOf(third)]
    expect(new Set([a.nonce, b.nonce, c.nonce]).size).toBe(3)
    // the same page apart from its nonce, which is nowhere else in it
    expect(b.html.replaceAll(b.nonce, 'N')).toBe(a.html.replaceAll(a.nonce, 'N'))
    expect(b.html).toContain('Cached once')
    expect(b.html).not.toContain('x-modelport-nonce-slot')
  })

  it('sees a model edited through the API on the next request', async () => {
    const { user, path } = await ownModel('Old title')
    expect((await page(path)).headers.get('x-modelport-cache')).toBe('miss')
    expect((await page(path)).headers.get('x-modelport-cache')).toBe('hit')
    const edit = await call(`/api/v1${path}`, {
      method: 'PATCH',
      session: user.session,
      body: { title: 'New title' },
    })
    expect(edit.status).toBe(200)
    const after = await page(path)
    expect(after.headers.get('x-modelport-cache')).toBe('miss')
    const html = await after.text()
    expect(html).toContain('New title')
    expect(html).not.toContain('Old title')
  })

  it('keeps the cached page through votes and counted downloads, not through an edit', async () => {
    const { user, model, path } = await ownModel('Counted')
    const [variation] = await db()
      .insert(variations)
      .values({ modelId: model.id, framework: 'tensorFlow2', slug: 'default' })
      .returning()
    await db().insert(versions).values({ variationId: variation!.id, number: 1 })
    const voter = await makeUser()
    const vote = (method: string) =>
      call(`/api/v1/votes${path}`, { method, session: voter.session })
    expect((await page(path)).headers.get('x-modelport-cache')).toBe('miss')
    const before = await catalogVersion()
    expect((await vote('PUT')).status).toBe(200)
    await downloadOf(model.id)
    expect(await countsOf(model.id)).toEqual({ votes: 1, downloads: 1 })
    expect(await catalogVersion()).toBe(before)
    const cached = await page(path)
    expect(cached.headers.get('x-modelport-cache')).toBe('hit')
    // taking the vote back recomputes hotness and doc_score through the search reindex
    expect((await vote('DELETE')).status).toBe(200)
    expect(await countsOf(model.id)).toEqual({ votes: 0, downloads: 1 })
    expect(await catalogVersion()).toBe(before)
    expect((await page(path)).headers.get('x-modelport-cache')).toBe('hit')
    const edit = await call(`/api/v1${path}`, {
      method: 'PATCH',
      session: user.session,
      body: { description: 'Now with a card.' },
    })
    expect(edit.status).toBe(200)
    expect(await catalogVersion()).toBeGreaterThan(before)
    const after = await page(path)
    expect(after.headers.get('x-modelport-cache')).toBe('miss')
    expect(await after.text()).toContain('Now with a card.')
  })

  it('caches the landing and an owner page too', async () => {
    const { user } = await ownModel('Listed')
    for (const path of ['/models?sort=updated', `/owners/${user.username}`]) {
      expect((await page(path)).headers.get('x-modelport-cache')).toBe('miss')
      expect((await page(path)).headers.get('x-modelport-cache')).toBe('hit')
    }
  })

  it('never gets a 404 from the cache', async () => {
    const path = `/models/demo/${fresh('nothing')}`
    for (let i = 0; i < 2; i++) {
      const res = await page(path)
      expect(res.status).toBe(404)
      expect(res.headers.get('x-modelport-cache')).toBe('miss')
    }
  })

  it('is served a page past its freshness as stale while it is drawn again', async () => {
    const { path } = await ownModel('Aging')
    const fetchPage = async () => {
      const ctx = createExecutionContext()
      const res = await app.fetch(
        new Request(`${origin}${path}`, { headers: { accept: 'text/html' } }),
        env,
        ctx,
      )
      await waitOnExecutionContext(ctx)
      return res
    }
    expect((await fetchPage()).headers.get('x-modelport-cache')).toBe('miss')
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(Date.now() + freshMs + 1000)
    const stale = await fetchPage()
    expect(stale.headers.get('x-modelport-cache')).toBe('stale')
    expect(await stale.text()).toContain('Aging')
    // the render done behind the stale answer is the next visitor's fresh page
    expect((await fetchPage()).headers.get('x-modelport-cache')).toBe('hit')
  })
})

describe('a signed-in caller', () => {
  it('always gets a fresh page, and what it sees is never stored', async () => {
    const { user, path } = await ownModel('Mine')
    const cookie = `${cookieName}=${user.session}`
    for (let i = 0; i < 2; i++) {
      const res = await page(path, { cookie })
      expect(res.status).toBe(200)
      expect(res.headers.get('x-modelport-cache')).toBe('bypass')
      expect(res.headers.get('cache-control')).toBe('private, no-cache')
      expect(res.headers.get('server-timing')).toMatch(/^ssr;/)
    }
    // the signed-in renders left nothing behind for a signed-out visitor
    expect((await page(path)).headers.get('x-modelport-cache')).toBe('miss')
  })
})

describe('the catalog version', () => {
  it('does not move for votes on topics, comments and notebooks, but for their edits', async () => {
    const { user, model } = await ownModel('Discussed')
    const voter = await makeUser()
    const now = new Date()
    const [topic] = await db()
      .insert(discussionTopics)
      .values({
        modelId: model.id,
        authorId: user.id,
        title: 'A topic',
        bodyMd: 'Body',
        lastActivityAt: now,
      })
      .returning()
    const [comment] = await db()
      .insert(discussionComments)
      .values({ topicId: topic!.id, authorId: user.id, bodyMd: 'A reply' })
      .returning()
    const [notebook] = await db()
      .insert(hostedNotebooks)
      .values({ ownerId: user.ownerId, slug: fresh('nb'), title: 'A notebook', language: 'python' })
      .returning()
    const before = await catalogVersion()
    await db()
      .insert(discussionVotes)
      .values([
        { userId: voter.id, targetKind: 'topic', targetId: topic!.id },
        { userId: voter.id, targetKind: 'comment', targetId: comment!.id },
      ])
    await db().insert(notebookVotes).values({ userId: voter.id, notebookId: notebook!.id })
    const [counted] = await db()
      .select({ topic: discussionTopics.voteCount, comments: discussionTopics.commentCount })
      .from(discussionTopics)
      .where(eq(discussionTopics.id, topic!.id))
    expect(counted).toEqual({ topic: 1, comments: 1 })
    expect(await catalogVersion()).toBe(before)
    await db()
      .update(discussionTopics)
      .set({ title: 'Renamed' })
      .where(eq(discussionTopics.id, topic!.id))
    expect(await catalogVersion()).toBe(before + 1)
  })

  it('has every column of a table with counters classified, and its trigger on the content', async () => {
    for (const [table, { content, counters }] of Object.entries(catalogUpdateColumns)) {
      const { results: columns } = await env.DB.prepare(`PRAGMA table_info(${table})`).all<{
        name: string
      }>()
      const classified: string[] = [...content, ...counters]
      // a new column must be placed in db/catalog-columns.ts (and a content one in the trigger)
      expect(columns.map((c) => c.name).sort(), table).toEqual(classified.sort())
      expect(new Set(classified).size, table).toBe(classified.length)
      const trigger = await env.DB.prepare(`SELECT sql FROM sqlite_master WHERE name = ?`)
        .bind(`${table}_catalog_au`)
        .first<{ sql: string }>()
      const of = /AFTER UPDATE OF (.+?)\s+ON `/s.exec(trigger!.sql)![1]!
      expect(
        of.split(',').map((c) => c.trim().replaceAll('`', '')),
        table,
      ).toEqual(content)
    }
    for (const table of uncountedCatalogTables) {
      const { results } = await env.DB.prepare(
        `SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE ?`,
      )
        .bind(`${table}_catalog_%`)
        .all()
      expect(results, table).toEqual([])
    }
  })
})
