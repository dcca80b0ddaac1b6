import { env } from 'cloudflare:workers'
import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { models, owners } from '../../db/schema'
import app from '../../worker/app'
import type { ListModelsResponse } from '../../worker/api-types'
import {
  FacetIndex,
  pruneFacetChanges,
  readFacetIndexData,
  type FacetIndexData,
} from '../../worker/search/facet-index'
import { reindexModels } from '../../worker/search/reindex'
import {
  decodeFacetSnapshot,
  encodeFacetSnapshot,
  facetSnapshotKey,
  warmFacetIndex,
} from '../../worker/search/snapshot'
import { db, importCatalog, json, request } from './helpers'

beforeAll(async () => {
  await importCatalog()
})

const admin = { authorization: 'Bearer test-admin-token' }

/** A list request through the app, with the SQL it sent to D1. */
async function listWithStatements(query: string) {
  const statements: string[] = []
  const DB = new Proxy(env.DB, {
    get(target, property) {
      const value = Reflect.get(target, property, target)
      if (property === 'prepare') {
        return (text: string) => {
          statements.push(text)
          return target.prepare(text)
        }
      }
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
  const res = await app.request(`http://modelport.test/api/v1/models/list?${query}`, undefined, {
    ...env,
    DB,
  })
  expect(res.status, query).toBe(200)
  return { body: await json<ListModelsResponse>(res), statements }
}
const loadsFromD1 = (statements: string[]) =>
  statements.some((s) => s.includes('from model_facets group by facet'))

const queries = [
  'pageSize=5&facets=1',
  'framework=tfJs&facets=1',
  'search=mobilenet&facets=1&pageSize=3',
  'license=apache-2.0&task=image-classification&sortBy=downloadCount',
  'maxSize=10MB&facets=size,framework',
]

async function answers() {
  const out: ListModelsResponse[] = []
  for (const q of queries) out.push((await listWithStatements(q)).body)
  return out
}

async function writeSnapshot() {
  const res = await request('/api/v1/admin/search/snapshot', { method: 'POST', headers: admin })
  expect(res.status).toBe(200)
  return json<{ written: boolean; seq: number; bytes: number }>(res)
}

async function addModel(slug: string, framework: string) {
  const [owner] = await db()
    .insert(owners)
    .values({ slug: `${slug}-owner`, kind: 'user', displayName: slug, source: 'local' })
    .returning({ id: owners.id })
  const [row] = await db()
    .insert(models)
    .values({ ownerId: owner!.id, slug, title: slug, provenance: 'community' })
    .returning({ id: models.id })
  await db().run(
    sql`insert into variations (model_id, framework, slug, created_at, updated_at) values (${row!.id}, ${framework}, 'default', 0, 0)`,
  )
  await reindexModels(db(), [row!.id])
}

describe('the facet index snapshot in R2', () => {
  it('keeps every array and name through encoding', async () => {
    const data: FacetIndexData = {
      seq: 42,
      salt: 123456789,
      names: ['framework:tfJs', 'owner:ünïcode-ø', 'license:apache-2.0'],
      postings: [Int32Array.of(1, 5, 9), Int32Array.of(), Int32Array.of(2, 2_000_000_000)],
      listed: {
        ids: Int32Array.of(1, 2, 5),
        sizes: Float64Array.of(0, 12_345_678_901, 3.5),
        docs: Uint8Array.of(3, 0, 1),
      },
    }
    const bytes = encodeFacetSnapshot(data)
    expect(decodeFacetSnapshot(bytes.slice().buffer)).toEqual(data)
    // and the catalog's own
    const real = await readFacetIndexData(db())
    expect(decodeFacetSnapshot(encodeFacetSnapshot(real).slice().buffer)).toEqual(real)
  })

  it('refuses bytes that are not a whole snapshot of its format', () => {
    const bytes = encodeFacetSnapshot({
      seq: 1,
      salt: null,
      names: ['a:b'],
      postings: [Int32Array.of(1)],
      listed: { ids: Int32Array.of(1), sizes: Float64Array.of(1), docs: Uint8Array.of(0) },
    })
    expect(() => decodeFacetSnapshot(bytes.slice(0, bytes.length - 1).buffer)).toThrow(/cut short/)
    const other = bytes.slice()
    other[4] = 9
    expect(() => decodeFacetSnapshot(other.buffer as ArrayBuffer)).toThrow(/format 9/)
    expect(() =>
      decodeFacetSnapshot(new TextEncoder().encode('<html>not found</html>').buffer as ArrayBuffer),
    ).toThrow(/not a facet index snapshot/)
  })

  it('is written only by an admin, and only when the catalog moved on', async () => {
    expect((await request('/api/v1/admin/search/snapshot', { method: 'POST' })).status).toBe(401)
    const first = await writeSnapshot()
    expect(first.bytes).toBeGreaterThan(1000)
    expect((await writeSnapshot()).written).toBe(false)
    await addModel('snapshot-moved-on', 'coral')
    const again = await writeSnapshot()
    expect(again.written).toBe(true)
    expect(again.seq).toBeGreaterThan(first.seq)
  })

  it('gives a new isolate the same answers without loading the index from D1', async () => {
    const fromD1 = await answers()
    await writeSnapshot()
    FacetIndex.forget()
    await warmFacetIndex(env.BUCKET)
    expect(FacetIndex.ready).toBe(true)
    const { statements } = await listWithStatements(queries[0]!)
    expect(loadsFromD1(statements)).toBe(false)
    expect(await answers()).toEqual(fromD1)
  })

  it('brings a snapshot that is behind up to date from the change log', async () => {
    await writeSnapshot()
    const before = (await listWithStatements('framework=tfLite&pageSize=1')).body.totalResults
    await addModel('snapshot-behind', 'tfLite')
    FacetIndex.forget()
    await warmFacetIndex(env.BUCKET)
    const { body, statements } = await listWithStatements('framework=tfLite&pageSize=1')
    expect(loadsFromD1(statements)).toBe(false)
    expect(body.totalResults).toBe(before + 1)
  })

  it('loads from D1 when the change log no longer reaches back to the snapshot', async () => {
    await writeSnapshot()
    const before = (await listWithStatements('framework=tensorFlow1&pageSize=1')).body.totalResults
    await addModel('snapshot-pruned', 'tensorFlow1')
    await pruneFacetChanges(db(), 0)
    await addModel('snapshot-pruned-2', 'tensorFlow1')
    FacetIndex.forget()
    await warmFacetIndex(env.BUCKET)
    const { body, statements } = await listWithStatements('framework=tensorFlow1&pageSize=1')
    expect(loadsFromD1(statements)).toBe(true)
    expect(body.totalResults).toBe(before + 2)
  })

  it('is passed over when unreadable: the search loads from D1', async () => {
    const before = (await listWithStatements('framework=tfJs&pageSize=1')).body.totalResults
    await env.BUCKET.put(facetSnapshotKey, 'not a snapshot')
    FacetIndex.forget()
    await warmFacetIndex(env.BUCKET)
    expect(FacetIndex.ready).toBe(false)
    const { body, statements } = await listWithStatements('framework=tfJs&pageSize=1')
    expect(loadsFromD1(statements)).toBe(true)
    expect(body.totalResults).toBe(before)
  })
})
