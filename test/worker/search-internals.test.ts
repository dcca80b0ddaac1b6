// The search's parts on their own: search strings, hotness, the ways a page is read (searchTuning),
// sets of ids as a parameter, and the facet index each isolate keeps (docs/search.md).
import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { models } from '../../db/schema'
import type { ApiFacets } from '../../worker/api-types'
import { idSetText, inIdSet } from '../../worker/search/bitset'
import { pruneFacetChanges } from '../../worker/search/facet-index'
import { parseFtsQuery } from '../../worker/search/fts-query'
import { withListEntries } from '../../worker/search/list-entries'
import {
  searchPage,
  searchTuning,
  type SearchCursor,
  type SearchParams,
  type SearchTuning,
} from '../../worker/search/plan'
import { reindexModels } from '../../worker/search/reindex'
import { db, downloadOf, importCatalog, listModels as list, makeOwner, refs } from './helpers'

beforeAll(async () => {
  await importCatalog()
})

describe('search strings as FTS5 expressions', () => {
  it('turns operators, quotes and column filters into plain words', () => {
    expect(parseFtsQuery('')).toBeUndefined()
    expect(parseFtsQuery('  "" - ^ * ')).toBeUndefined()
    expect(parseFtsQuery('movene')).toEqual({ all: '"movene"*', slug: 'movene' })
    expect(parseFtsQuery('movenet ')).toEqual({ all: '"movenet"', slug: 'movenet' })
    expect(parseFtsQuery('title:bert OR NOT')).toEqual({
      all: '("title bert" AND "or" AND "not"*)',
      any: '("title bert" OR "or" OR "not"*)',
      slug: 'title-bert-or-not',
    })
    expect(parseFtsQuery('a')).toEqual({ all: '"a"', slug: 'a' })
    expect(parseFtsQuery('pose estimation')).toEqual({
      all: '("pose" AND ("estimation"* OR "detection"))',
      any: '("pose" OR ("estimation"* OR "detection"))',
      slug: 'pose-estimation',
    })
    expect(parseFtsQuery('face landmarks ')?.all).toBe(
      '("face" AND ("landmarks" OR "keypoint" OR "keypoints" OR "landmark"))',
    )
    expect(parseFtsQuery('"pose estimation" -lite')).toEqual({
      all: '("pose estimation") NOT ("lite")',
      slug: 'pose-estimation',
    })
  })
})

describe('hotness', () => {
  it('rises with downloads, and a recent download counts more than an old one', async () => {
    const ownerId = await makeOwner('search-hot')
    const [a, b] = await db()
      .insert(models)
      .values([
        {
          ownerId,
          slug: 'hot-a',
          title: 'Hot a',
          provenance: 'community',
          publishedAt: new Date('2026-01-01'),
        },
        {
          ownerId,
          slug: 'hot-b',
          title: 'Hot b',
          provenance: 'community',
          publishedAt: new Date('2026-01-01'),
        },
      ])
      .returning({ id: models.id, hotness: models.hotness })
    const hotness = async (id: number) =>
      (await db().get<{ h: number }>(sql`select hotness as h from models where id = ${id}`))!.h
    const start = await hotness(a!.id)
    expect(start).toBeCloseTo(await hotness(b!.id))
    await downloadOf(a!.id, new Date('2026-03-01'))
    await downloadOf(b!.id, new Date('2026-02-01'))
    expect(await hotness(a!.id)).toBeGreaterThan(await hotness(b!.id))
    expect(await hotness(b!.id)).toBeGreaterThan(start)
    // a full recomputation from usage_daily gives the same numbers as the increments
    const incremental = await hotness(a!.id)
    await reindexModels(db(), [a!.id])
    expect(await hotness(a!.id)).toBeCloseTo(incremental, 9)
  })
})

describe('ways of reading a page', () => {
  // At this catalog's size most narrowed pages read their matches by id. Forcing either way
  // (by id; SQLite walking the sort's index against the set of matches) must give the same pages.
  const pages = async (params: Omit<SearchParams, 'after' | 'limit'>, tuning: SearchTuning) => {
    const ids: number[] = []
    let after: SearchCursor | undefined
    do {
      const page = await searchPage(db(), { ...params, limit: 7, after }, tuning, withListEntries)
      // every row comes with its own list entry
      for (const row of page.rows)
        expect((JSON.parse(row.d!) as { model: { id: number } }).model.id).toBe(row.id)
      ids.push(...page.rows.map((row) => row.id))
      after = page.next
    } while (after && ids.length < 5000)
    return ids
  }
  const ways: Record<string, SearchTuning> = {
    'matches read by id': { ...searchTuning, sparseMatches: Infinity },
    'index walked against the set of matches': { ...searchTuning, sparseMatches: 0 },
  }

  it('gives the same pages whichever way it reads them', async () => {
    const searches: Omit<SearchParams, 'after' | 'limit'>[] = [
      { sort: 'hotness', filters: { framework: ['tensorFlow2'] } },
      { sort: 'createTime', filters: { task: ['image-classification'] } },
      { sort: 'downloadCount', filters: { license: ['apache-2.0'], fineTunable: ['true'] } },
      { sort: 'publishTime', text: parseFtsQuery('image') },
      { sort: 'voteCount', filters: { provenance: ['tfhub'], dataType: ['image'] } },
    ]
    for (const search of searches) {
      const expected = await pages(search, searchTuning)
      expect(expected.length, JSON.stringify(search)).toBeGreaterThan(7)
      for (const [way, tuning] of Object.entries(ways))
        expect(await pages(search, tuning), `${way}: ${JSON.stringify(search)}`).toEqual(expected)
    }
  })

  it('orders relevance by hotness when the text matches more models than it ranks', async () => {
    const text = parseFtsQuery('image')
    const byHotness = await pages({ sort: 'hotness', text }, searchTuning)
    expect(
      await pages({ sort: 'relevance', text }, { ...searchTuning, rankedMatchLimit: 0 }),
    ).toEqual(byHotness)
    expect(await pages({ sort: 'relevance', text }, searchTuning)).not.toEqual(byHotness)
  })
})

describe('a set of ids as one parameter', () => {
  it('holds exactly its ids, across character and word boundaries', async () => {
    const random = (n: number, max: number, seed: number) => {
      const ids = new Set<number>()
      for (let x = seed; ids.size < n;) ids.add((x = (x * 48271) % 2147483647) % max)
      return [...ids]
    }
    const sets = [
      [],
      [0],
      [5, 6],
      [31, 32, 33],
      [63, 64, 95, 96, 191, 192],
      Array.from({ length: 300 }, (_, i) => i),
      random(2000, 5000, 7),
    ]
    for (const ids of sets) {
      const bits = new Uint32Array(200)
      for (const id of ids) bits[id >>> 5]! |= 1 << (id & 31)
      const probe = JSON.stringify(Array.from({ length: 200 * 32 + 20 }, (_, i) => i))
      const hits = await db().all<{ id: number }>(
        sql`select value as id from json_each(${probe}) where ${inIdSet(sql`value`, idSetText(bits))}`,
      )
      expect(hits.map((h) => h.id)).toEqual([...ids].sort((a, b) => a - b))
    }
  })
})

describe('the facet index each isolate keeps in memory', () => {
  const total = async (query: string) => (await list(`${query}&pageSize=1`)).totalResults
  const facetCount = async (query: string, group: keyof ApiFacets, value: string) =>
    (await list(`${query}&facets=${group}&pageSize=1`)).facets![group]!.find(
      (f) => f.value === value,
    )?.count ?? 0
  const truth = async (facet: string) =>
    (await db().get<{
      n: number
    }>(sql`select count(*) as n from model_facets f join models m on m.id = f.model_id
      where f.facet = ${facet} and m.is_listed = 1 and m.is_private = 0`))!.n

  it('follows every catalog write in the next answer: variations, licences, unlisting', async () => {
    const ownerId = await makeOwner('search-live')
    const [row] = await db()
      .insert(models)
      .values({
        ownerId,
        slug: 'live-model',
        title: 'Live model',
        cardMd: 'A model that changes.',
        licenseId: 'apache-2.0',
        provenance: 'community',
      })
      .returning({ id: models.id })
    await reindexModels(db(), [row!.id])
    const coral = await total('framework=coral')
    const mit = await total('license=mit')
    expect(await total('owner=search-live')).toBe(1)

    await db().run(
      sql`insert into variations (model_id, framework, slug, created_at, updated_at) values (${row!.id}, 'coral', 'edgetpu', 0, 0)`,
    )
    expect(await total('framework=coral')).toBe(coral + 1)
    expect(refs(await list('framework=coral&owner=search-live'))).toEqual([
      'search-live/live-model',
    ])
    expect(await facetCount('owner=search-live', 'framework', 'coral')).toBe(1)

    await db()
      .update(models)
      .set({ licenseId: 'mit' })
      .where(sql`id = ${row!.id}`)
    expect(await total('license=mit')).toBe(mit + 1)
    expect(await total('license=apache-2.0&owner=search-live')).toBe(0)

    await db()
      .update(models)
      .set({ isListed: false })
      .where(sql`id = ${row!.id}`)
    expect(await total('owner=search-live')).toBe(0)
    expect(await total('framework=coral')).toBe(coral)
    expect(await total('license=mit')).toBe(mit)
    expect(await truth('framework:coral')).toBe(coral)
  })

  it('reloads when the change log it read from was pruned', async () => {
    const before = await total('framework=tfJs')
    await pruneFacetChanges(db(), 0)
    const ownerId = await makeOwner('search-pruned')
    const [row] = await db()
      .insert(models)
      .values({ ownerId, slug: 'pruned-model', title: 'Pruned', provenance: 'community' })
      .returning({ id: models.id })
    await db().run(
      sql`insert into variations (model_id, framework, slug, created_at, updated_at) values (${row!.id}, 'tfJs', 'default', 0, 0)`,
    )
    await reindexModels(db(), [row!.id])
    expect(await total('framework=tfJs')).toBe(before + 1)
    expect(await total('framework=tfJs')).toBe(await truth('framework:tfJs'))
  })
})
