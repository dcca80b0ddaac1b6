// The search through GET /api/v1/models/list, as clients use it: relevance, filters, facet
// counts, sorts and pages on the imported TF Hub catalog (docs/search.md).
import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { models } from '../../db/schema'
import type { ApiFacets, ApiModel, ListModelsResponse } from '../../worker/api-types'
import { reindexModels } from '../../worker/search'
import {
  db,
  downloadOf,
  importCatalog,
  json,
  listModels as list,
  makeOwner,
  random,
  refs,
  request,
  seedDemo,
} from './helpers'

// the demo seed first: its fetches would otherwise reuse a connection the local upstream server
// closed while the import ran (Node's 5 s keep-alive)
beforeAll(async () => {
  await seedDemo()
  await importCatalog()
})

const search = (q: string, extra = '') =>
  list(`search=${encodeURIComponent(q)}&pageSize=20${extra}`)

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

describe('relevance on the TF Hub catalog', () => {
  const titleHas = (m: ApiModel, word: string) =>
    `${m.title} ${m.slug}`.toLowerCase().includes(word)

  it('shows each MobileNet family once in the top 10 for "mobilenet"', async () => {
    const body = await search('mobilenet')
    const top = refs(body).slice(0, 10)
    expect(body.models.slice(0, 10).every((m) => titleHas(m, 'mobilenet'))).toBe(true)
    expect(new Set(top).size).toBe(top.length)
    // Kaggle's MobileNet families (../shared/tfhub/kaggle-pairs.tsv), each gathering many handles
    const expected = [
      'google/mobilenet-v1',
      'google/mobilenet-v2',
      'google/mobilenet-v3',
      'google/mobilenet-edgetpu-v2',
    ]
    expect(top).toEqual(expect.arrayContaining(expected))
  })

  it('answers "bert" with the tensorflow/bert family first, then BERT families', async () => {
    const body = await list('search=bert&pageSize=100')
    expect(refs(body)[0]).toBe('tensorflow/bert')
    expect(refs(body).slice(0, 3)).toContain('google/bert')
    const named = body.models.map((m) =>
      `${m.title} ${m.slug} ${m.subtitle}`.toLowerCase().includes('bert'),
    )
    expect(named.slice(0, 10).every(Boolean)).toBe(true)
    expect(body.totalResults).toBeGreaterThan(20)
  })

  it('has a MoveNet family in the top 3 for "pose estimation"', async () => {
    // TF Hub's MoveNet cards say "pose detection"; estimation and detection are synonyms
    const top = refs(await search('pose estimation')).slice(0, 3)
    expect(top.some((ref) => ref.endsWith('/movenet'))).toBe(true)
    expect(refs(await search('pose estimation'))).toContain('google/movenet')
    expect(refs(await list('search=pose%20detection&pageSize=30'))).toContain('google/movenet')
  })

  it('names the variations of a family that match the query', async () => {
    const body = await list('search=thunder%20movenet&pageSize=10')
    const movenet = body.models.find((m) => m.ref === 'google/movenet')!
    expect(movenet.matchingVariations).toEqual(
      expect.arrayContaining(['tensorFlow2/singlepose-thunder', 'tfJs/singlepose-thunder']),
    )
    expect(movenet.matchingVariations!.every((v) => v.includes('thunder'))).toBe(true)
    // a search that only names the family names no variation
    const plain = await list('search=movenet&pageSize=10')
    expect(plain.models.find((m) => m.ref === 'google/movenet')!.matchingVariations).toBeUndefined()
  })

  it('finds MoveNet from a prefix while typing', async () => {
    const top = refs(await search('movene')).slice(0, 4)
    expect(top.every((ref) => ref.includes('movenet'))).toBe(true)
  })

  it("finds a publisher's models by its name", async () => {
    const body = await search('deepmind')
    expect(
      body.models.slice(0, 12).every((m) => m.ownerSlug === 'deepmind'),
      JSON.stringify(refs(body).slice(0, 14)),
    ).toBe(true)
    const sayak = await search('spsayakpaul')
    expect(sayak.models.slice(0, 5).every((m) => m.ownerSlug === 'spsayakpaul')).toBe(true)
  })

  const firstHits: [string, string][] = [
    ['yamnet', 'google/yamnet'],
    ['esrgan', 'kaggle/esrgan-tf2'],
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
      // the first three, or every family named so when there are fewer
      const named = body.models.map((m) => m.slug.includes(slugPart))
      const count = Math.min(3, named.filter(Boolean).length)
      expect(count).toBeGreaterThan(0)
      expect(named.slice(0, count).every(Boolean), JSON.stringify(refs(body).slice(0, 5))).toBe(
        true,
      )
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
    expect(refs(body)[0]).toBe('google/yamnet')
  })

  it('finds models by variation and framework names', async () => {
    const body = await list('search=tflite%20movenet&pageSize=10')
    expect(refs(body)).toContain('google/movenet')
  })

  it('finds models by task tag words', async () => {
    const body = await search('image pose detection')
    expect(
      body.models
        .slice(0, 5)
        .every((m) => m.tags.some((t) => t.ref === 'task/image-pose-detection')),
    ).toBe(true)
  })

  it('ranks a documented model above a bare one with the same text', async () => {
    const ownerId = await makeOwner('search-docs')
    const [documented, bare] = await db()
      .insert(models)
      .values([
        {
          ownerId,
          slug: 'zebrafinch-a',
          title: 'Zebrafinch detector',
          cardMd: 'Finds zebrafinches.',
          licenseId: 'mit',
          latestSizeBytes: 1000,
          provenance: 'community',
        },
        {
          ownerId,
          slug: 'zebrafinch-b',
          title: 'Zebrafinch detector',
          cardMd: 'Finds zebrafinches.',
          provenance: 'community',
        },
      ])
      .returning({ id: models.id })
    await reindexModels(db(), [documented!.id, bare!.id])
    expect(refs(await search('zebrafinch'))).toEqual([
      'search-docs/zebrafinch-a',
      'search-docs/zebrafinch-b',
    ])
    const docs = await list('documented=true&pageSize=100')
    expect(refs(docs)).toContain('search-docs/zebrafinch-a')
    expect(refs(docs)).not.toContain('search-docs/zebrafinch-b')
  })
})

describe('safe queries', () => {
  it('never answers 500, whatever the search string', async () => {
    const next = random(7)
    const alphabet = [
      '"',
      "'",
      '*',
      '-',
      '+',
      '(',
      ')',
      ':',
      '^',
      '{',
      '}',
      'NEAR',
      'AND',
      'OR',
      'NOT',
      ' ',
      ' ',
      'é',
      '日本',
      '😀',
      '\u0000',
      '\\',
      '%',
      'bert',
      'mobile',
      'a',
      '0',
    ]
    for (let i = 0; i < 150; i++) {
      const q = Array.from(
        { length: 1 + Math.floor(next() * 8) },
        () => alphabet[Math.floor(next() * alphabet.length)],
      ).join('')
      const res = await request(
        `/api/v1/models/list?search=${encodeURIComponent(q)}&pageSize=3&facets=1`,
      )
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
    truth = new Map(
      base.map((r) => [r.id, { ref: r.ref, size: r.size, facets: new Set<string>() }]),
    )
    const sources = [
      sql`select m.id, 'owner:' || o.slug as f from models m join owners o on o.id = m.owner_id`,
      sql`select id, 'provenance:' || provenance as f from models`,
      sql`select id, 'license:' || license_id as f from models where license_id is not null`,
      sql`select id, 'fineTunable:' || iif(fine_tunable, 'true', 'false') as f from models where fine_tunable is not null`,
      sql`select model_id as id, 'framework:' || framework as f from variations where is_listed = 1`,
      sql`select mt.model_id as id, replace(t.type, 'data_type', 'dataType') || ':' || t.slug as f from model_tags mt join tags t on t.id = mt.tag_id`,
      ...(
        [
          ['commercial_use', 1, 'commercial-use'],
          ['modification', 1, 'modification'],
          ['distribution', 1, 'distribution'],
          ['patent_grant', 1, 'patent-grant'],
          ['attribution_required', 0, 'no-attribution'],
          ['share_alike', 0, 'no-share-alike'],
        ] as const
      ).map(
        ([column, want, right]) =>
          sql`select m.id, ${`rights:${right}`} as f from models m join licenses l on l.id = m.license_id where ${sql.raw(`l.${column}`)} = ${want}`,
      ),
    ]
    for (const source of sources) {
      for (const row of await db().all<{ id: number; f: string }>(source))
        truth.get(row.id)?.facets.add(row.f)
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
    expect(facets.framework.map((f) => f.value)).toEqual(
      expect.arrayContaining(['tensorFlow2', 'tfJs', 'tfLite']),
    )
    expect(facets.framework.find((f) => f.value === 'tfJs')).toMatchObject({ label: 'TF.js' })
    expect(facets.task.find((f) => f.value === 'image-classification')).toMatchObject({
      label: 'Image classification',
    })
    expect(facets.license.find((f) => f.value === 'apache-2.0')).toMatchObject({
      label: 'Apache 2.0',
    })
    expect(facets.owner.find((f) => f.value === 'google')).toMatchObject({ label: 'Google' })
    expect(facets.rights.find((f) => f.value === 'commercial-use')).toMatchObject({
      label: 'Commercial use',
    })
  })

  it('gives exactly the models that satisfy every filter (AND across groups, OR within one)', async () => {
    const facets = await values()
    const groups = (Object.keys(facets) as (keyof ApiFacets)[]).filter(
      (g) => facets[g].length && g !== 'size' && g !== 'documented',
    )
    const next = random(11)
    for (let round = 0; round < 30; round++) {
      const chosen: Record<string, string[]> = {}
      for (let k = 0; k < 1 + Math.floor(next() * 3); k++) {
        const group = groups[Math.floor(next() * groups.length)]!
        const options = facets[group].slice(0, 12)
        const pick = options[Math.floor(next() * options.length)]!.value
        chosen[group] = [...new Set([...(chosen[group] ?? []), pick])]
      }
      const query = Object.entries(chosen)
        .map(([g, v]) => `${g}=${v.map(encodeURIComponent).join(',')}`)
        .join('&')
      const expected = [...truth.values()]
        .filter((m) =>
          Object.entries(chosen).every(([g, vs]) =>
            g === 'rights'
              ? vs.every((v) => m.facets.has(`${g}:${v}`))
              : vs.some((v) => m.facets.has(`${g}:${v}`)),
          ),
        )
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
    const demo = (body: ListModelsResponse) =>
      refs(body)
        .filter((ref) => ref.startsWith('demo/'))
        .sort()
    expect(demo(await list('maxSize=1MB&pageSize=100'))).toEqual(['demo/blazeface'])
    expect(demo(await list('maxSize=5GB&pageSize=100'))).toEqual(['demo/blazeface', 'demo/movenet'])
    expect(demo(await list('maxSize=4650000&pageSize=100'))).toEqual(['demo/blazeface'])
    expect(demo(await list('size=under-100mb&pageSize=100'))).toEqual([
      'demo/blazeface',
      'demo/movenet',
    ])
    expect(
      (await list('maxSize=1MB&pageSize=100')).models.every(
        (m) => m.ref.startsWith('demo/') || m.ref.startsWith('search-'),
      ),
    ).toBe(true)
    const unknown = await list('size=unknown&pageSize=1')
    expect(unknown.totalResults).toBe([...truth.values()].filter((m) => !m.size).length)
  })

  it('answers 400 naming a bad filter value', async () => {
    for (const [query, parameter] of [
      ['rights=free-beer', 'rights'],
      ['size=huge', 'size'],
      ['framework=cobol', 'framework'],
      ['maxSize=lots', 'maxSize'],
      ['fineTunable=maybe', 'fineTunable'],
    ]) {
      const res = await request(`/api/v1/models/list?${query}`)
      expect(res.status, query).toBe(400)
      expect((await json(res)).message).toContain(parameter)
    }
  })
})

describe('facet counts', () => {
  it('equal the total of the same search with that value applied', async () => {
    const bases = [
      '',
      'search=image',
      'framework=tfJs',
      'task=image-classification&license=apache-2.0',
      'search=bert&fineTunable=true',
      'rights=commercial-use,patent-grant&framework=tfLite,tensorFlow2',
      'owner=google,deepmind&search=mobilenet',
    ]
    for (const base of bases) {
      const body = await list(`${base}&facets=1&pageSize=1`)
      const params = new URLSearchParams(base)
      for (const [group, counts] of Object.entries(body.facets!) as [
        string,
        { value: string; count: number }[],
      ][]) {
        for (const { value, count } of counts.slice(0, 3)) {
          const applied = new URLSearchParams(params)
          // rights are conjunctive: a value is added; other groups are OR: the value replaces the group's
          if (group === 'rights')
            applied.set(group, [...(params.get(group)?.split(',') ?? []), value].join(','))
          else applied.set(group, value)
          const total = (await list(`${applied}&pageSize=1`)).totalResults
          expect(total, `${base} → ${group}=${value}`).toBe(count)
        }
      }
    }
  })
})

describe('sorts and pages', () => {
  const sorts = [
    'hotness',
    'downloadCount',
    'voteCount',
    'notebookCount',
    'publishTime',
    'createTime',
    'updateTime',
  ]

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
        .values(
          Array.from({ length: 3 }, () => ({
            ownerId,
            slug: `image-model-${n++}`,
            title: `Image model ${n}`,
            cardMd: 'An image model.',
            provenance: 'community' as const,
            downloadCount: 1000 * n,
            publishedAt: new Date(),
          })),
        )
        .returning({ id: models.id })
      await reindexModels(
        db(),
        rows.map((r) => r.id),
      )
    }
    // not relevance: bm25 reads statistics of the whole index, so an insert can move a model
    // across a page boundary (docs/search.md)
    for (const sortBy of ['downloadCount', 'publishTime', 'hotness', 'createTime']) {
      const query = `search=image&sortBy=${sortBy}&pageSize=25`
      const before = await allPages(query)
      const during = await allPages(query, addModels)
      const original = during.filter((ref) => !ref.startsWith('search-inserts/'))
      expect(original.sort(), sortBy).toEqual(
        before.filter((ref) => !ref.startsWith('search-inserts/')).sort(),
      )
      expect(new Set(during).size, sortBy).toBe(during.length)
    }
  })

  it('keeps unchanged rows exactly once while download counts grow between pages', async () => {
    const ids = (
      await db().all<{ id: number }>(
        sql`select id from models where provenance = 'tfhub' and is_listed = 1 order by id limit 40`,
      )
    ).map((r) => r.id)
    const next = random(5)
    const changed = new Set<number>()
    const seen = await allPages('sortBy=downloadCount&pageSize=50', async () => {
      for (let k = 0; k < 5; k++) {
        const id = ids[Math.floor(next() * ids.length)]!
        changed.add(id)
        await downloadOf(id)
      }
    })
    expect(new Set(seen).size).toBe(seen.length)
    const total = (await list('pageSize=1')).totalResults
    expect(seen.length).toBeGreaterThanOrEqual(total - changed.size)
  })

  it('refuses a page token from another search', async () => {
    const first = await list('search=bert&pageSize=2')
    const res = await request(
      `/api/v1/models/list?search=albert&pageSize=2&pageToken=${first.nextPageToken}`,
    )
    expect(res.status).toBe(400)
  })
})
