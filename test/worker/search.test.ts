import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { recordDownload } from '../../db/queries/usage'
import { models, owners } from '../../db/schema'
import type { ApiFacets, ApiModel, ListModelsResponse } from '../../worker/api-types'
import { idSetText, inIdSet } from '../../worker/search/bitset'
import { pruneFacetChanges } from '../../worker/search/facet-index'
import { parseFtsQuery } from '../../worker/search/fts-query'
import { withListEntries } from '../../worker/search/list-entries'
import { searchPage, searchTuning, type SearchCursor, type SearchParams, type SearchTuning } from '../../worker/search/plan'
import { reindexModels } from '../../worker/search/reindex'
import { db, importCatalog, json, request, seedDemo } from './helpers'

// the demo seed first: its fetches would otherwise reuse a connection the local upstream server
// closed while the import ran (Node's 5 s keep-alive)
beforeAll(async () => {
  await seedDemo()
  await importCatalog()
})

const list = async (query: string) => {
  const res = await request(`/api/v1/models/list?${query}`)
  expect(res.status, query).toBe(200)
  return json<ListModelsResponse>(res)
}
const search = (q: string, extra = '') => list(`search=${encodeURIComponent(q)}&pageSize=20${extra}`)
const refs = (body: ListModelsResponse) => body.models.map((m) => m.ref)

/** Every page of a query, following nextPageToken; `between` runs before each further page. */
async function allPages(query: string, between?: (page: number) => Promise<void>) {
  const seen: string[] = []
  let token = ''
  let page = 0
  do {
    if (page > 0 && between) await between(page)
    const body = await list(`${query}&pageToken=${token}`)
    seen.push(...refs(body))
    token = body.nextPageToken
    page++
  } while (token && page < 500)
  return seen
}

// a small deterministic generator, so a failing case can be replayed
function random(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31
    return seed / 2 ** 31
  }
}

describe('relevance on the TF Hub catalog', () => {
  const titleHas = (m: ApiModel, word: string) => `${m.title} ${m.slug}`.toLowerCase().includes(word)

  it('puts MobileNet models first for "mobilenet"', async () => {
    const body = await search('mobilenet')
    expect(body.models.slice(0, 10).every((m) => titleHas(m, 'mobilenet'))).toBe(true)
  })

  it('ranks BERT models before models that only mention BERT in their cards', async () => {
    const body = await list('search=bert&pageSize=100')
    const named = body.models.map((m) => `${m.title} ${m.slug} ${m.subtitle}`.toLowerCase().includes('bert'))
    expect(named.slice(0, 40).every(Boolean)).toBe(true)
    expect(named.indexOf(false)).toBeGreaterThanOrEqual(40)
    expect(body.totalResults).toBeGreaterThan(100)
  })

  it('finds MoveNet for "pose estimation"', async () => {
    // TF Hub's MoveNet cards say "pose detection"; the demo MoveNet calls itself a pose estimator
    const body = await search('pose estimation')
    expect(refs(body)).toContain('demo/movenet')
    expect(refs(await list('search=pose%20detection&pageSize=30'))).toContain('google/movenet-singlepose-lightning')
  })

  it('finds MoveNet from a prefix while typing', async () => {
    const top = refs(await search('movene')).slice(0, 4)
    expect(top.every((ref) => ref.includes('movenet'))).toBe(true)
  })

  it("finds a publisher's models by its name", async () => {
    const body = await search('deepmind')
    expect(body.models.slice(0, 20).every((m) => m.ownerSlug === 'deepmind')).toBe(true)
    const captain = await search('captain pool')
    expect(refs(captain)[0]).toBe('captain-pool/esrgan-tf2')
  })

  const firstHits: [string, string][] = [
    ['yamnet', 'google/yamnet'],
    ['esrgan', 'captain-pool/esrgan-tf2'],
    ['universal sentence encoder', 'google/universal-sentence-encoder'],
    ['elmo', 'google/elmo'],
    ['spice', 'google/spice'],
  ]
  for (const [q, ref] of firstHits) {
    it(`answers "${q}" with ${ref} first`, async () => {
      expect(refs(await search(q))[0]).toBe(ref)
    })
  }

  const allNamed: [string, string][] = [
    ['efficientnet', 'efficientnet'],
    ['effici', 'efficient'],
    ['biggan', 'biggan'],
    ['albert', 'albert'],
    ['faster rcnn', 'faster-rcnn'],
    ['wav2vec', 'wav2vec'],
    ['resnet 50', 'resnet'],
    ['nnlm', 'nnlm'],
  ]
  for (const [q, slugPart] of allNamed) {
    it(`answers "${q}" with models named ${slugPart} first`, async () => {
      const body = await search(q)
      expect(body.models.length).toBeGreaterThan(0)
      expect(body.models.slice(0, 3).every((m) => m.slug.includes(slugPart))).toBe(true)
    })
  }

  it('matches a quoted phrase only in that order', async () => {
    const phrase = await search('"sentence encoder"')
    expect(phrase.totalResults).toBeGreaterThan(0)
    const loose = await search('encoder sentence')
    expect(loose.totalResults).toBeGreaterThanOrEqual(phrase.totalResults)
    expect(refs(phrase)).toContain('google/universal-sentence-encoder')
  })

  it('excludes words after a minus', async () => {
    const body = await list('search=mobilenet%20-ssd&pageSize=100')
    expect(body.totalResults).toBeGreaterThan(0)
    expect(body.models.some((m) => m.slug.split('-').includes('ssd'))).toBe(false)
    expect(body.totalResults).toBeLessThan((await search('mobilenet')).totalResults)
  })

  it('ignores accents and case', async () => {
    expect(refs(await search('YAMNét'))[0]).toBe('google/yamnet')
  })

  it('falls back to any word when no model has all of them', async () => {
    const body = await search('yamnet zzzznotaword')
    expect(refs(body).slice(0, 2).sort()).toEqual(['google/yamnet', 'google/yamnet-classification'])
  })

  it('finds models by variation and framework names', async () => {
    const body = await list('search=tflite%20movenet&pageSize=10')
    expect(refs(body)).toContain('google/movenet-singlepose-lightning')
  })

  it('finds models by task tag words', async () => {
    const body = await search('image pose detection')
    expect(body.models.slice(0, 5).every((m) => m.tags.some((t) => t.ref === 'task/image-pose-detection'))).toBe(true)
  })

  it('ranks a documented model above a bare one with the same text', async () => {
    const ownerId = await makeOwner('search-docs')
    const [documented, bare] = await db()
      .insert(models)
      .values([
        { ownerId, slug: 'zebrafinch-a', title: 'Zebrafinch detector', cardMd: 'Finds zebrafinches.', licenseId: 'mit', latestSizeBytes: 1000, provenance: 'community' },
        { ownerId, slug: 'zebrafinch-b', title: 'Zebrafinch detector', cardMd: 'Finds zebrafinches.', provenance: 'community' },
      ])
      .returning({ id: models.id })
    await reindexModels(db(), [documented!.id, bare!.id])
    expect(refs(await search('zebrafinch'))).toEqual(['search-docs/zebrafinch-a', 'search-docs/zebrafinch-b'])
    const docs = await list('documented=true&pageSize=100')
    expect(refs(docs)).toContain('search-docs/zebrafinch-a')
    expect(refs(docs)).not.toContain('search-docs/zebrafinch-b')
  })
})

describe('safe queries', () => {
  it('turns operators, quotes and column filters into plain words', () => {
    expect(parseFtsQuery('')).toBeUndefined()
    expect(parseFtsQuery('  "" - ^ * ')).toBeUndefined()
    expect(parseFtsQuery('movene')).toEqual({ all: '"movene"*', slug: 'movene' })
    expect(parseFtsQuery('movenet ')).toEqual({ all: '"movenet"', slug: 'movenet' })
    expect(parseFtsQuery('title:bert OR NOT')).toEqual({ all: '("title bert" AND "or" AND "not"*)', any: '("title bert" OR "or" OR "not"*)', slug: 'title-bert-or-not' })
    expect(parseFtsQuery('a')).toEqual({ all: '"a"', slug: 'a' })
    expect(parseFtsQuery('"pose estimation" -lite')).toEqual({ all: '("pose estimation") NOT ("lite")', slug: 'pose-estimation' })
  })

  it('never answers 500, whatever the search string', async () => {
    const next = random(7)
    const alphabet = ['"', "'", '*', '-', '+', '(', ')', ':', '^', '{', '}', 'NEAR', 'AND', 'OR', 'NOT', ' ', ' ', 'é', '日本', '😀', '\u0000', '\\', '%', 'bert', 'mobile', 'a', '0']
    for (let i = 0; i < 150; i++) {
      const q = Array.from({ length: 1 + Math.floor(next() * 8) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('')
      const res = await request(`/api/v1/models/list?search=${encodeURIComponent(q)}&pageSize=3&facets=1`)
      expect(res.status, JSON.stringify(q)).toBe(200)
    }
  })
})

describe('filters', () => {
  // every listed model's facet values, computed from the catalog tables without model_facets
  let truth: Map<number, { ref: string; facets: Set<string>; size: number | null }>

  beforeAll(async () => {
    const base = await db().all<{ id: number; ref: string; size: number | null }>(sql`
      select m.id, o.slug || '/' || m.slug as ref, m.latest_size_bytes as size
      from models m join owners o on o.id = m.owner_id where m.is_listed = 1 and m.is_private = 0`)
    truth = new Map(base.map((r) => [r.id, { ref: r.ref, size: r.size, facets: new Set<string>() }]))
    const sources = [
      sql`select m.id, 'owner:' || o.slug as f from models m join owners o on o.id = m.owner_id`,
      sql`select id, 'provenance:' || provenance as f from models`,
      sql`select id, 'license:' || license_id as f from models where license_id is not null`,
      sql`select id, 'fineTunable:' || iif(fine_tunable, 'true', 'false') as f from models where fine_tunable is not null`,
      sql`select model_id as id, 'framework:' || framework as f from variations where is_listed = 1`,
      sql`select mt.model_id as id, replace(t.type, 'data_type', 'dataType') || ':' || t.slug as f from model_tags mt join tags t on t.id = mt.tag_id`,
      ...(
        [['commercial_use', 1, 'commercial-use'], ['modification', 1, 'modification'], ['distribution', 1, 'distribution'], ['patent_grant', 1, 'patent-grant'], ['attribution_required', 0, 'no-attribution'], ['share_alike', 0, 'no-share-alike']] as const
      ).map(([column, want, right]) => sql`select m.id, ${`rights:${right}`} as f from models m join licenses l on l.id = m.license_id where ${sql.raw(`l.${column}`)} = ${want}`),
    ]
    for (const source of sources) {
      for (const row of await db().all<{ id: number; f: string }>(source)) truth.get(row.id)?.facets.add(row.f)
    }
  })

  const values = async () => {
    const body = await list('facets=1&pageSize=1')
    return body.facets as Required<ApiFacets>
  }

  it('answers facets only when asked, with labels and counts', async () => {
    expect((await list('pageSize=1')).facets).toBeUndefined()
    const some = await list('facets=framework,task&pageSize=1')
    expect(Object.keys(some.facets!).sort()).toEqual(['framework', 'task'])
    expect(some.facets!.framework).toEqual((await values()).framework)
    expect((await request('/api/v1/models/list?facets=colour')).status).toBe(400)
    const facets = await values()
    expect(facets.framework.map((f) => f.value)).toEqual(expect.arrayContaining(['tensorFlow2', 'tfJs', 'tfLite']))
    expect(facets.framework.find((f) => f.value === 'tfJs')).toMatchObject({ label: 'TF.js' })
    expect(facets.task.find((f) => f.value === 'image-classification')).toMatchObject({ label: 'Image classification' })
    expect(facets.license.find((f) => f.value === 'apache-2.0')).toMatchObject({ label: 'Apache 2.0' })
    expect(facets.owner.find((f) => f.value === 'google')).toMatchObject({ label: 'Google' })
    expect(facets.rights.find((f) => f.value === 'commercial-use')).toMatchObject({ label: 'Commercial use' })
  })

  it("gives exactly the models that satisfy every filter (AND across groups, OR within one)", async () => {
    const facets = await values()
    const groups = (Object.keys(facets) as (keyof ApiFacets)[]).filter((g) => facets[g].length && g !== 'size' && g !== 'documented')
    const next = random(11)
    for (let round = 0; round < 30; round++) {
      const chosen: Record<string, string[]> = {}
      for (let k = 0; k < 1 + Math.floor(next() * 3); k++) {
        const group = groups[Math.floor(next() * groups.length)]!
        const options = facets[group].slice(0, 12)
        const pick = options[Math.floor(next() * options.length)]!.value
        chosen[group] = [...new Set([...(chosen[group] ?? []), pick])]
      }
      const query = Object.entries(chosen).map(([g, v]) => `${g}=${v.map(encodeURIComponent).join(',')}`).join('&')
      const expected = [...truth.values()]
        .filter((m) => Object.entries(chosen).every(([g, vs]) => (g === 'rights' ? vs.every((v) => m.facets.has(`${g}:${v}`)) : vs.some((v) => m.facets.has(`${g}:${v}`)))))
        .map((m) => m.ref)
        .sort()
      const seen = await allPages(`${query}&pageSize=100&sortBy=downloadCount`)
      expect(seen.sort(), query).toEqual(expected)
      const first = await list(`${query}&pageSize=1`)
      expect(first.totalResults, query).toBe(expected.length)
    }
  })

  it('takes repeated parameters as OR and matches frameworks leniently', async () => {
    const repeated = await list('framework=tfJs&framework=coral&pageSize=1')
    const joined = await list('framework=MODEL_FRAMEWORK_TF_JS,coral&pageSize=1')
    expect(repeated.totalResults).toBe(joined.totalResults)
    const tfjs = await list('framework=tfjs&pageSize=1')
    expect(repeated.totalResults).toBeGreaterThan(tfjs.totalResults)
  })

  it('filters by size: buckets and a "fits in" maximum', async () => {
    const demo = (body: ListModelsResponse) => refs(body).filter((ref) => ref.startsWith('demo/')).sort()
    expect(demo(await list('maxSize=1MB&pageSize=100'))).toEqual(['demo/blazeface'])
    expect(demo(await list('maxSize=5GB&pageSize=100'))).toEqual(['demo/blazeface', 'demo/movenet'])
    expect(demo(await list('maxSize=4650000&pageSize=100'))).toEqual(['demo/blazeface'])
    expect(demo(await list('size=under-100mb&pageSize=100'))).toEqual(['demo/blazeface', 'demo/movenet'])
    expect((await list('maxSize=1MB&pageSize=100')).models.every((m) => m.ref.startsWith('demo/') || m.ref.startsWith('search-'))).toBe(true)
    const unknown = await list('size=unknown&pageSize=1')
    expect(unknown.totalResults).toBe([...truth.values()].filter((m) => !m.size).length)
  })

  it('answers 400 naming a bad filter value', async () => {
    for (const [query, parameter] of [['rights=free-beer', 'rights'], ['size=huge', 'size'], ['framework=cobol', 'framework'], ['maxSize=lots', 'maxSize'], ['fineTunable=maybe', 'fineTunable']]) {
      const res = await request(`/api/v1/models/list?${query}`)
      expect(res.status, query).toBe(400)
      expect((await json(res)).message).toContain(parameter)
    }
  })
})

describe('facet counts', () => {
  it('equal the total of the same search with that value applied', async () => {
    const bases = ['', 'search=image', 'framework=tfJs', 'task=image-classification&license=apache-2.0', 'search=bert&fineTunable=true', 'rights=commercial-use,patent-grant&framework=tfLite,tensorFlow2', 'owner=google,deepmind&search=mobilenet']
    for (const base of bases) {
      const body = await list(`${base}&facets=1&pageSize=1`)
      const params = new URLSearchParams(base)
      for (const [group, counts] of Object.entries(body.facets!) as [string, { value: string; count: number }[]][]) {
        for (const { value, count } of counts.slice(0, 3)) {
          const applied = new URLSearchParams(params)
          // rights are conjunctive: a value is added; other groups are OR: the value replaces the group's
          if (group === 'rights') applied.set(group, [...(params.get(group)?.split(',') ?? []), value].join(','))
          else applied.set(group, value)
          const total = (await list(`${applied}&pageSize=1`)).totalResults
          expect(total, `${base} → ${group}=${value}`).toBe(count)
        }
      }
    }
  })
})

describe('sorts and pages', () => {
  const sorts = ['hotness', 'downloadCount', 'voteCount', 'notebookCount', 'publishTime', 'createTime', 'updateTime']

  it('orders by each sort, largest first', async () => {
    for (const sortBy of sorts) {
      const body = await list(`sortBy=${sortBy}&pageSize=50`)
      expect(body.models, sortBy).toHaveLength(50)
    }
    const byNotebooks = await list('sortBy=notebookCount&pageSize=50')
    const counts = byNotebooks.models.map((m) => m.notebookCount)
    expect(counts).toEqual([...counts].sort((a, b) => b - a))
  })

  it('pages through every match exactly once in every sort', async () => {
    for (const sortBy of [...sorts, 'relevance']) {
      const seen = await allPages(`search=image&sortBy=${sortBy}&pageSize=40`)
      const total = (await list('search=image&pageSize=1')).totalResults
      expect(seen, sortBy).toHaveLength(total)
      expect(new Set(seen).size, sortBy).toBe(total)
    }
  })

  it('returns every match exactly once while models are added between pages', async () => {
    const ownerId = await makeOwner('search-inserts')
    let n = 0
    const addModels = async () => {
      const rows = await db()
        .insert(models)
        .values(Array.from({ length: 3 }, () => ({ ownerId, slug: `image-model-${n++}`, title: `Image model ${n}`, cardMd: 'An image model.', provenance: 'community' as const, downloadCount: 1000 * n, publishedAt: new Date() })))
        .returning({ id: models.id })
      await reindexModels(db(), rows.map((r) => r.id))
    }
    // not relevance: bm25 reads statistics of the whole index, so an insert can move a model
    // across a page boundary (docs/search.md)
    for (const sortBy of ['downloadCount', 'publishTime', 'hotness', 'createTime']) {
      const query = `search=image&sortBy=${sortBy}&pageSize=25`
      const before = await allPages(query)
      const during = await allPages(query, addModels)
      const original = during.filter((ref) => !ref.startsWith('search-inserts/'))
      expect(original.sort(), sortBy).toEqual(before.filter((ref) => !ref.startsWith('search-inserts/')).sort())
      expect(new Set(during).size, sortBy).toBe(during.length)
    }
  })

  it('keeps unchanged rows exactly once while download counts grow between pages', async () => {
    const ids = (await db().all<{ id: number }>(sql`select id from models where provenance = 'tfhub' and is_listed = 1 order by id limit 40`)).map((r) => r.id)
    const next = random(5)
    const changed = new Set<number>()
    const seen = await allPages('sortBy=downloadCount&pageSize=50', async () => {
      for (let k = 0; k < 5; k++) {
        const id = ids[Math.floor(next() * ids.length)]!
        changed.add(id)
        await recordDownload(db(), id)
      }
    })
    expect(new Set(seen).size).toBe(seen.length)
    const total = (await list('pageSize=1')).totalResults
    expect(seen.length).toBeGreaterThanOrEqual(total - changed.size)
  })

  it('refuses a page token from another search', async () => {
    const first = await list('search=bert&pageSize=2')
    const res = await request(`/api/v1/models/list?search=albert&pageSize=2&pageToken=${first.nextPageToken}`)
    expect(res.status).toBe(400)
  })
})

describe('hotness', () => {
  it('rises with downloads, and a recent download counts more than an old one', async () => {
    const ownerId = await makeOwner('search-hot')
    const [a, b] = await db()
      .insert(models)
      .values([
        { ownerId, slug: 'hot-a', title: 'Hot a', provenance: 'community', publishedAt: new Date('2026-01-01') },
        { ownerId, slug: 'hot-b', title: 'Hot b', provenance: 'community', publishedAt: new Date('2026-01-01') },
      ])
      .returning({ id: models.id, hotness: models.hotness })
    const hotness = async (id: number) => (await db().get<{ h: number }>(sql`select hotness as h from models where id = ${id}`))!.h
    const start = await hotness(a!.id)
    expect(start).toBeCloseTo(await hotness(b!.id))
    await recordDownload(db(), a!.id, new Date('2026-03-01'))
    await recordDownload(db(), b!.id, new Date('2026-02-01'))
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
      for (const row of page.rows) expect((JSON.parse(row.d!) as { model: { id: number } }).model.id).toBe(row.id)
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
      for (const [way, tuning] of Object.entries(ways)) expect(await pages(search, tuning), `${way}: ${JSON.stringify(search)}`).toEqual(expected)
    }
  })

  it('orders relevance by hotness when the text matches more models than it ranks', async () => {
    const text = parseFtsQuery('image')
    const byHotness = await pages({ sort: 'hotness', text }, searchTuning)
    expect(await pages({ sort: 'relevance', text }, { ...searchTuning, rankedMatchLimit: 0 })).toEqual(byHotness)
    expect(await pages({ sort: 'relevance', text }, searchTuning)).not.toEqual(byHotness)
  })
})

describe('a set of ids as one parameter', () => {
  it('holds exactly its ids, across character and word boundaries', async () => {
    const random = (n: number, max: number, seed: number) => {
      const ids = new Set<number>()
      for (let x = seed; ids.size < n; ) ids.add((x = (x * 48271) % 2147483647) % max)
      return [...ids]
    }
    const sets = [[], [0], [5, 6], [31, 32, 33], [63, 64, 95, 96, 191, 192], Array.from({ length: 300 }, (_, i) => i), random(2000, 5000, 7)]
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
    (await list(`${query}&facets=${group}&pageSize=1`)).facets![group]!.find((f) => f.value === value)?.count ?? 0
  const truth = async (facet: string) =>
    (await db().get<{ n: number }>(sql`select count(*) as n from model_facets f join models m on m.id = f.model_id
      where f.facet = ${facet} and m.is_listed = 1 and m.is_private = 0`))!.n

  it('follows every catalog write in the next answer: variations, licences, unlisting', async () => {
    const ownerId = await makeOwner('search-live')
    const [row] = await db()
      .insert(models)
      .values({ ownerId, slug: 'live-model', title: 'Live model', cardMd: 'A model that changes.', licenseId: 'apache-2.0', provenance: 'community' })
      .returning({ id: models.id })
    await reindexModels(db(), [row!.id])
    const coral = await total('framework=coral')
    const mit = await total('license=mit')
    expect(await total('owner=search-live')).toBe(1)

    await db().run(sql`insert into variations (model_id, framework, slug, created_at, updated_at) values (${row!.id}, 'coral', 'edgetpu', 0, 0)`)
    expect(await total('framework=coral')).toBe(coral + 1)
    expect(refs(await list('framework=coral&owner=search-live'))).toEqual(['search-live/live-model'])
    expect(await facetCount('owner=search-live', 'framework', 'coral')).toBe(1)

    await db().update(models).set({ licenseId: 'mit' }).where(sql`id = ${row!.id}`)
    expect(await total('license=mit')).toBe(mit + 1)
    expect(await total('license=apache-2.0&owner=search-live')).toBe(0)

    await db().update(models).set({ isListed: false }).where(sql`id = ${row!.id}`)
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
    await db().run(sql`insert into variations (model_id, framework, slug, created_at, updated_at) values (${row!.id}, 'tfJs', 'default', 0, 0)`)
    await reindexModels(db(), [row!.id])
    expect(await total('framework=tfJs')).toBe(before + 1)
    expect(await total('framework=tfJs')).toBe(await truth('framework:tfJs'))
  })
})

async function makeOwner(slug: string) {
  const [owner] = await db()
    .insert(owners)
    .values({ slug, kind: 'organization', displayName: slug, source: 'local' })
    .returning({ id: owners.id })
  return owner!.id
}
