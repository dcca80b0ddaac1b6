// npm run bench:search — the list endpoint at 100,000 models.
//
// 1. Builds (once; cached in bench/.data/) a D1 database of 100,000 models derived from the real
//    catalog: the TF Hub import and demo seed run through the Worker as in `npm start`, then every
//    real model is copied ~76 times under other owners, with varied titles, licences, counts,
//    dates, sizes, tags, variations and versions. The copies go in through the real triggers, and
//    their text rows through search_reindex, as reindexModels() writes them.
// 2. Serves that database with the Worker bundled as deployed (`wrangler deploy --dry-run`), run by
//    workerd through Miniflare (bench/worker-server.mjs: the same runtime wrangler dev uses,
//    without wrangler's live-reload proxy or Miniflare's router in front), and times a fixed mix of list requests over
//    HTTP: text, filters, facets, every sort, deep pages. Also prints the time of the first
//    requests after the start, which find the Worker cold.
// 3. Times, in the same run, two direct baselines on the same SQLite file with better-sqlite3:
//    - direct SQL: the statements each request runs (recorded by running the endpoint's query
//      functions on a D1 stand-in), replayed;
//    - direct search: the endpoint's query code itself (bench/search-direct.ts: the same SQL plus
//      the same JS) called in Node, without workerd, the D1 transport and HTTP;
//    and a third that tells the local D1 binding's share of the Worker's time from ours:
//    - D1 replay: the same recorded statements, in the same round trips, sent over HTTP to a
//      Worker beside ours that runs them through the same D1 binding and does nothing else.
// 4. Prints p50/p95/p99 of the Worker and of the baselines and the ratios, and EXPLAIN QUERY PLAN
//    of every statement; exits 1 if a plan scans a catalog table without an index.
//
//   npm run bench:search [-- --json]   --json: the figures also as one line of JSON, printed last
//                                      (bench/ab.mjs reads it); ROUNDS=n rounds (15), BENCH_PORT
//                                      the Worker server's first port (8798; it takes three)
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import path from 'node:path'
import Database from 'better-sqlite3'
import { build } from 'esbuild'
import { startModelport } from '../scripts/start.mjs'
import { startWorkerServer } from './worker-server.mjs'

const root = path.resolve(import.meta.dirname, '..')
const dataDir = path.join(root, 'bench/.data')
const target = 100_000
const rounds = Number(process.env.ROUNDS ?? 15)
const port = Number(process.env.BENCH_PORT ?? 8798)
const json = process.argv.includes('--json')
const builderVersion = 3

mkdirSync(dataDir, { recursive: true })
mkdirSync(path.join(root, 'dist/web'), { recursive: true })

// ---- 1. the 100k database ------------------------------------------------------------------

const migrationsHash = createHash('sha256')
for (const file of readdirSync(path.join(root, 'db/migrations'))
  .filter((f) => f.endsWith('.sql'))
  .sort()) {
  migrationsHash.update(file).update(readFileSync(path.join(root, 'db/migrations', file)))
}
const stamp = `${builderVersion}-${migrationsHash.digest('hex').slice(0, 16)}`
const stateDir = path.join(dataDir, `state-${stamp}`)
const d1File = (dir) => {
  const d1 = path.join(dir, 'v3/d1/miniflare-D1DatabaseObject')
  const name = readdirSync(d1).find((f) => f.endsWith('.sqlite') && f !== 'metadata.sqlite')
  return path.join(d1, name)
}

if (!existsSync(path.join(stateDir, 'READY'))) {
  for (const old of readdirSync(dataDir))
    if (old.startsWith('state-')) rmSync(path.join(dataDir, old), { recursive: true, force: true })
  const t0 = Date.now()
  console.log('Building the 100k catalog (once; cached in bench/.data/) …')
  const base = await startModelport({
    port: 8797,
    inspectorPort: 9237,
    persistTo: stateDir,
    build: false,
    log: () => {},
  })
  await base.stop()
  expand(d1File(stateDir))
  writeFileSync(path.join(stateDir, 'READY'), new Date().toISOString())
  console.log(`Built in ${((Date.now() - t0) / 1000).toFixed(0)} s`)
}

function expand(file) {
  const db = new Database(file)
  db.pragma('journal_mode = DELETE')
  const rand = seeded(42)
  const real = db
    .prepare(`select * from models where is_listed = 1 and is_private = 0 order by id`)
    .all()
  const tagsOf = db.prepare('select tag_id from model_tags where model_id = ?')
  const variationsOf = db.prepare('select * from variations where model_id = ? and is_listed = 1')
  const versionsOf = db.prepare('select * from versions where variation_id = ? and is_listed = 1')
  const allTags = db
    .prepare('select id from tags')
    .all()
    .map((t) => t.id)
  const licenses = [
    'apache-2.0',
    'apache-2.0',
    'apache-2.0',
    'mit',
    'mit',
    'cc-by-4.0',
    'cc-by-sa-4.0',
    'cc-by-nc-4.0',
    'bsd-3-clause',
    'gpl-3.0',
    'cc0-1.0',
    'other',
    null,
  ]
  const words = [
    'tuned',
    'distilled',
    'quantized',
    'v2',
    'large',
    'small',
    'multilingual',
    'edge',
    'fp16',
    'int8',
    'pruned',
    'lite',
  ]
  const insertOwner = db.prepare(
    `insert into owners (slug, kind, display_name, source) values (?, ?, ?, 'local') returning id`,
  )
  const owners = []
  for (let i = 0; i < 2500; i++) {
    const org = i % 5 === 0
    owners.push({
      id: insertOwner.get(
        `${org ? 'lab' : 'user'}-${i}`,
        org ? 'organization' : 'user',
        `${org ? 'Lab' : 'User'} ${i}`,
      ).id,
      slug: `${org ? 'lab' : 'user'}-${i}`,
    })
  }
  const insertModel =
    db.prepare(`insert into models (owner_id, slug, title, subtitle, card_md, license_id, fine_tunable, provenance,
    vote_count, download_count, notebook_count, latest_size_bytes, created_at, updated_at, published_at)
    values (?, ?, ?, ?, ?, ?, ?, 'community', ?, ?, ?, ?, ?, ?, ?) returning id`)
  const insertTag = db.prepare('insert or ignore into model_tags (model_id, tag_id) values (?, ?)')
  const insertVariation = db.prepare(
    `insert into variations (model_id, framework, slug, overview, fine_tunable, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?) returning id`,
  )
  const insertVersion = db.prepare(
    `insert into versions (variation_id, number, status, notes, file_count, total_bytes, created_at, published_at) values (?, ?, 'ready', ?, ?, ?, ?, ?)`,
  )
  const now = Date.UTC(2026, 10, 27)
  const day = 24 * 3600 * 1000
  let count = db
    .prepare('select count(*) as n from models where is_listed = 1 and is_private = 0')
    .get().n
  const firstNew = db.prepare('select coalesce(max(id), 0) + 1 as n from models').get().n
  db.transaction(() => {
    for (let copy = 1; count < target; copy++) {
      for (const model of real) {
        if (count >= target) break
        const owner = owners[Math.floor(owners.length * rand() ** 2)]
        const created = now - Math.floor(rand() * 3 * 365 * day)
        const size = rand() < 0.1 ? null : Math.floor(Math.exp(13 + rand() * 11))
        const downloads = Math.floor(Math.exp(rand() * 11)) - 1
        const word = words[Math.floor(rand() * words.length)]
        const id = insertModel.get(
          owner.id,
          `${model.slug}-${word}-${copy}`,
          `${model.title} ${word}`,
          model.subtitle,
          rand() < 0.05 ? '' : model.card_md,
          licenses[Math.floor(rand() * licenses.length)],
          rand() < 0.15 ? null : rand() < 0.6 ? 1 : 0,
          Math.floor(downloads / (5 + rand() * 20)),
          downloads,
          Math.floor(rand() ** 4 * 30),
          size,
          created,
          created + Math.floor(rand() * (now - created)),
          rand() < 0.03 ? null : created + Math.floor(rand() * 7 * day),
        ).id
        for (const { tag_id } of tagsOf.all(model.id)) insertTag.run(id, tag_id)
        if (rand() < 0.3) insertTag.run(id, allTags[Math.floor(rand() * allTags.length)])
        for (const v of variationsOf.all(model.id)) {
          const variationId = insertVariation.get(
            id,
            v.framework,
            v.slug,
            v.overview,
            v.fine_tunable,
            created,
            created,
          ).id
          const versions = versionsOf.all(v.id)
          versions.forEach((version, i) => {
            const bytes =
              size === null ? 0 : Math.floor(size * (0.5 + (0.5 * (i + 1)) / versions.length))
            insertVersion.run(
              variationId,
              version.number,
              version.notes,
              bytes ? 3 : 0,
              bytes,
              created + i * day,
              created + i * day,
            )
          })
        }
        count++
      }
    }
    // recent activity: a share of each model's downloads in the last 30 days, decayed as the
    // triggers and recordDownload do (docs/search.md)
    db.prepare(
      `update models set hotness = log2(pow(2, hotness) + download_count * (0.05 + (id % 7) / 20.0)
      * pow(2, (? - (id % 30) * 86400000 - 1704067200000) / 604800000.0)) where id >= ?`,
    ).run(now, firstNew)
    // the text rows, as reindexModels() writes them
    db.prepare(
      'insert into search_reindex (model_id, text) select id, 1 from models where id >= ?',
    ).run(firstNew)
  })()
  db.close()
}

// ---- 2. the mix ----------------------------------------------------------------------------

const sorts = [
  'hotness',
  'downloadCount',
  'voteCount',
  'notebookCount',
  'publishTime',
  'createTime',
  'updateTime',
]
const mix = [
  // text, relevance (the default with a search)
  ...[
    'mobilenet',
    'bert',
    'pose estimation',
    'movene',
    'universal sentence encoder',
    'yamnet',
    'resnet 50',
    'efficientnet b0',
    'style transfer',
    'object detection',
    'image',
    'im',
    'text classification',
    'wav2vec',
    'lab-5',
  ].map((search) => ({ category: 'text', search })),
  // filters (default sort: hotness)
  { category: 'filter', filters: { framework: ['tfJs'] } },
  { category: 'filter', filters: { framework: ['tfLite', 'coral'] } },
  { category: 'filter', filters: { task: ['image-classification'] } },
  { category: 'filter', filters: { license: ['mit'], fineTunable: ['true'] } },
  { category: 'filter', filters: { rights: ['commercial-use', 'no-share-alike'] } },
  { category: 'filter', filters: { owner: ['lab-5'] } },
  { category: 'filter', filters: { size: ['1gb-10gb'] } },
  { category: 'filter', maxSize: '4GB' },
  { category: 'filter', filters: { provenance: ['tfhub'] } },
  { category: 'filter', filters: { dataType: ['text'], language: ['en'] } },
  {
    category: 'filter',
    filters: {
      framework: ['tfLite'],
      task: ['image-object-detection'],
      rights: ['commercial-use'],
    },
  },
  { category: 'filter', search: 'mobilenet', filters: { framework: ['tfJs'] }, maxSize: '100MB' },
  // facets for the sidebar (first page only, as the SPA asks)
  { category: 'facets', facets: true },
  { category: 'facets', facets: true, filters: { framework: ['tfJs'] } },
  { category: 'facets', facets: true, search: 'bert' },
  { category: 'facets', facets: true, search: 'mobilenet' },
  {
    category: 'facets',
    facets: true,
    filters: { task: ['image-classification'], license: ['apache-2.0'] },
  },
  {
    category: 'facets',
    facets: true,
    search: 'pose estimation',
    filters: { fineTunable: ['true'] },
  },
  // every sort, alone and with a filter
  ...sorts.map((sortBy) => ({ category: 'sort', sortBy })),
  ...sorts.map((sortBy) => ({ category: 'sort', sortBy, filters: { framework: ['tensorFlow2'] } })),
  // deep pages (page 50 at 20 per page, page 25 of a relevance search)
  { category: 'deep', sortBy: 'downloadCount', page: 50 },
  { category: 'deep', sortBy: 'publishTime', page: 50 },
  { category: 'deep', sortBy: 'createTime', filters: { task: ['image-classification'] }, page: 50 },
  { category: 'deep', search: 'bert', page: 25 },
  { category: 'deep', search: 'image', page: 25 },
]

function urlOf(item, pageToken = '') {
  const q = new URLSearchParams()
  if (item.search) q.set('search', item.search)
  if (item.sortBy) q.set('sortBy', item.sortBy)
  for (const [group, values] of Object.entries(item.filters ?? {})) q.set(group, values.join(','))
  if (item.maxSize) q.set('maxSize', item.maxSize)
  if (item.facets) q.set('facets', '1')
  q.set('pageSize', '20')
  if (pageToken) q.set('pageToken', pageToken)
  return `/api/v1/models/list?${q}`
}
const label = (item) =>
  urlOf(item)
    .replace('/api/v1/models/list?', '')
    .replace(/&?pageSize=20/, '') + (item.page ? ` (page ${item.page})` : '')

// ---- 3. run ---------------------------------------------------------------------------------

const bundle = path.join(dataDir, 'search-direct.mjs')
await build({
  entryPoints: [path.join(root, 'bench/search-direct.ts')],
  bundle: true,
  format: 'esm',
  platform: 'node',
  outfile: bundle,
  logLevel: 'warning',
  external: ['better-sqlite3'],
})
const { recordingD1, listRequest } = await import(bundle)
const { parseFtsQuery } = await import(await bundleFile('worker/search/fts-query.ts'))

async function bundleFile(rel) {
  const out = path.join(dataDir, `${path.basename(rel, '.ts')}.mjs`)
  await build({
    entryPoints: [path.join(root, rel)],
    bundle: true,
    format: 'esm',
    platform: 'node',
    outfile: out,
    logLevel: 'warning',
  })
  return out
}

const sizeOf = (s) => {
  const m = /^(\d+)(MB|GB)$/.exec(s)
  return Number(m[1]) * (m[2] === 'GB' ? 1e9 : 1e6)
}

let server = await startWorkerServer({ stateDir, port })
let failed = false
try {
  const origin = server.origin
  const get = async (url, retry = true) => {
    let res
    try {
      res = await fetch(origin + url)
    } catch (err) {
      // the server closes idle keep-alive connections; the first request after a pause may land on one
      if (retry && err.cause?.code === 'UND_ERR_SOCKET') return get(url, false)
      throw err
    }
    const body = await res.json()
    if (res.status !== 200) throw new Error(`${url}: ${res.status} ${JSON.stringify(body)}`)
    return body
  }
  console.log('Worker: bundled by `wrangler deploy --dry-run`, served by workerd through Miniflare')
  console.log(
    "  on the Worker's own socket (the same runtime wrangler dev uses, without wrangler's live-reload proxy or Miniflare's router in front)",
  )
  // The first requests after the start find the Worker cold, its facet index unloaded: first with
  // no snapshot in R2 (the index is loaded from D1), then, after writing one and restarting, from it.
  const snapshotKey = 'search/facet-index.bin' // worker/search/snapshot.ts
  await (await server.bucket()).delete(snapshotKey)
  let t0 = performance.now()
  const catalog = await get('/api/v1/models/list?pageSize=1')
  const coldFirst = performance.now() - t0
  const coldFacetsUrl = urlOf({ search: 'image', facets: true })
  t0 = performance.now()
  await get(coldFacetsUrl)
  const coldFacets = performance.now() - t0
  const written = await fetch(`${origin}/api/v1/admin/search/snapshot`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.adminToken}` },
  })
  if (written.status !== 200)
    throw new Error(`writing the facet index snapshot: ${written.status} ${await written.text()}`)
  const snapshot = await written.json()
  await server.stop()
  server = await startWorkerServer({ stateDir, port })
  t0 = performance.now()
  await get('/api/v1/models/list?pageSize=1')
  const coldFromSnapshot = performance.now() - t0
  console.log(`Catalog: ${catalog.totalResults} listed models`)
  console.log(
    `First request after start (cold), index loaded from D1:              ${coldFirst.toFixed(1)} ms  ?pageSize=1`,
  )
  console.log(
    `Then the first facets request:                                      ${coldFacets.toFixed(1)} ms  ${coldFacetsUrl.replace('/api/v1/models/list', '')}`,
  )
  console.log(
    `First request after a restart, index from its snapshot in R2 (${(snapshot.bytes / 1e6).toFixed(1)} MB): ${coldFromSnapshot.toFixed(1)} ms  ?pageSize=1`,
  )

  // deep pages: walk to the page once, untimed, and keep its token
  for (const item of mix) {
    item.token = ''
    for (let page = 1; page < (item.page ?? 1); page++)
      item.token = (await get(urlOf(item, item.token))).nextPageToken
  }

  // the statements each request runs, recorded on the same file, once the engine's in-memory
  // state is loaded (so that its one-off load is not replayed as if every request ran it)
  const sqlite = new Database(d1File(stateDir), { readonly: true })
  await listRequest(recordingD1(sqlite, []), { sort: 'hotness', limit: 1 })
  for (const item of mix) {
    const text = item.search ? parseFtsQuery(item.search) : undefined
    // a page token is base64url JSON, then '.' and its signature (worker/lib/page-token.ts)
    const cursor = item.token
      ? JSON.parse(Buffer.from(item.token.split('.')[0], 'base64url').toString())
      : undefined
    item.statements = []
    item.params = {
      text,
      filters: item.filters,
      maxSizeBytes: item.maxSize ? sizeOf(item.maxSize) : undefined,
      sort: item.sortBy ?? (text ? 'relevance' : 'hotness'),
      limit: 20,
      after: cursor && { v: cursor.v, i: cursor.i, h: cursor.h, a: cursor.a },
      facets: item.facets,
    }
    const answer = await listRequest(recordingD1(sqlite, item.statements), item.params)
    const viaWorker = await get(urlOf(item, item.token))
    if (
      viaWorker.totalResults !== answer.total ||
      viaWorker.models.map((m) => m.id).join() !== answer.ids.join()
    ) {
      throw new Error(`the direct run disagrees with the Worker for ${label(item)}`)
    }
    item.total = answer.total
  }
  // the D1 replay Worker keeps each request's statements, as a list of its round trips
  for (const [k, item] of mix.entries()) {
    item.replayPath = `/${k}`
    const rounds = new Map()
    for (const { sql, params, round } of item.statements)
      rounds.set(round, [...(rounds.get(round) ?? []), { sql, params }])
    const res = await fetch(server.replayOrigin + item.replayPath, {
      method: 'PUT',
      body: JSON.stringify([...rounds.values()]),
    })
    if (res.status !== 204) throw new Error(`D1 replay: ${res.status} ${await res.text()}`)
  }

  const worker = new Map(mix.map((item) => [item, []]))
  const direct = new Map(mix.map((item) => [item, []]))
  const search = new Map(mix.map((item) => [item, []]))
  const replay = new Map(mix.map((item) => [item, []]))
  const replayed = async (item) => {
    const res = await fetch(server.replayOrigin + item.replayPath)
    if (res.status !== 200)
      throw new Error(`D1 replay of ${label(item)}: ${res.status} ${await res.text()}`)
    await res.json()
  }
  const order = (r) => [...mix].sort(() => r() - 0.5)
  const r = seeded(7)
  // the direct search records statements too: into one scratch array, emptied before each call
  const scratch = []
  const directSearch = (item) => {
    scratch.length = 0
    return listRequest(recordingD1(sqlite, scratch), item.params)
  }
  // warm-up, untimed: the first call of each request may load state the engine keeps in memory
  for (const item of mix) await get(urlOf(item, item.token))
  for (const item of mix) await directSearch(item)
  for (const item of mix) await replayed(item)
  for (let round = 0; round < rounds; round++) {
    for (const item of order(r)) {
      const t0 = performance.now()
      await get(urlOf(item, item.token))
      worker.get(item).push(performance.now() - t0)
    }
    for (const item of order(r)) {
      const t0 = performance.now()
      for (const s of item.statements) sqlite.prepare(s.sql).all(...s.params)
      direct.get(item).push(performance.now() - t0)
    }
    for (const item of order(r)) {
      const t0 = performance.now()
      await directSearch(item)
      search.get(item).push(performance.now() - t0)
    }
    for (const item of order(r)) {
      const t0 = performance.now()
      await replayed(item)
      replay.get(item).push(performance.now() - t0)
    }
  }
  scratch.length = 0

  // ---- 4. report --------------------------------------------------------------------------
  const pct = (xs, p) => {
    const s = [...xs].sort((a, b) => a - b)
    return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]
  }
  const fmt = (x) => x.toFixed(1).padStart(7)
  const three = (xs) => `${fmt(pct(xs, 50))}${fmt(pct(xs, 95))}${fmt(pct(xs, 99))}`
  const ratioOf = (w, d) => (pct(w, 50) / pct(d, 50)).toFixed(2).padStart(7)
  // the figures printed below, for --json (milliseconds, unrounded)
  const figures = {
    bench: 'search',
    models: catalog.totalResults,
    requests: mix.length,
    rounds,
    cold: { fromD1: coldFirst, facets: coldFacets, fromSnapshot: coldFromSnapshot },
    categories: {},
  }
  const percentiles = (xs) => ({ p50: pct(xs, 50), p95: pct(xs, 95), p99: pct(xs, 99) })
  const row = (name, w, d, s, rp) => {
    figures.categories[name] = {
      n: w.length,
      worker: percentiles(w),
      directSql: percentiles(d),
      directSearch: percentiles(s),
      d1Replay: percentiles(rp),
    }
    console.log(
      `${name.padEnd(9)}${String(w.length).padStart(5)}  ${three(w)}   ${three(d)}   ${three(s)}   ${three(rp)}   ${ratioOf(w, d)}${ratioOf(w, s)}${ratioOf(w, rp)}`,
    )
  }
  console.log(
    `\n${mix.length} requests × ${rounds} rounds, ${catalog.totalResults} models; milliseconds`,
  )
  console.log('  Worker:        GET over HTTP, the Worker in workerd (Miniflare) on D1')
  console.log(
    '  direct SQL:    the recorded statements of the request, replayed with better-sqlite3',
  )
  console.log('  direct search: the same query code (SQL + JS) called in Node on better-sqlite3')
  console.log(
    "  D1 replay:     the recorded statements in the request's round trips, through the same D1 binding by a Worker that does nothing else",
  )
  console.log(
    `${''.padEnd(14)}  ${'Worker'.padEnd(21)}   ${'direct SQL'.padEnd(21)}   ${'direct search'.padEnd(21)}   ${'D1 replay'.padEnd(21)}   ratio p50 vs`,
  )
  const p3 = '    p50    p95    p99'
  console.log(
    `${''.padEnd(9)}${'n'.padStart(5)}  ${p3}   ${p3}   ${p3}   ${p3}       SQL search replay`,
  )
  const categories = [...new Set(mix.map((i) => i.category))]
  for (const category of categories) {
    const items = mix.filter((i) => i.category === category)
    row(
      category,
      ...[worker, direct, search, replay].map((times) => items.flatMap((i) => times.get(i))),
    )
  }
  const allWorker = mix.flatMap((i) => worker.get(i))
  const allDirect = mix.flatMap((i) => direct.get(i))
  const allSearch = mix.flatMap((i) => search.get(i))
  const allReplay = mix.flatMap((i) => replay.get(i))
  row('all', allWorker, allDirect, allSearch, allReplay)

  console.log(
    '\nEvery request, slowest first (Worker p50 and p99, direct SQL p50, direct search p50, D1 replay p50, D1 round trips, total matches):',
  )
  for (const item of [...mix].sort((a, b) => pct(worker.get(b), 99) - pct(worker.get(a), 99))) {
    const trips = new Set(item.statements.map((s) => s.round)).size
    console.log(
      `  ${fmt(pct(worker.get(item), 50))}${fmt(pct(worker.get(item), 99))}${fmt(pct(direct.get(item), 50))}${fmt(pct(search.get(item), 50))}${fmt(pct(replay.get(item), 50))} ms ${String(trips).padStart(2)}  ${String(item.total).padStart(6)}  ${label(item)}`,
    )
  }

  const p99 = pct(allWorker, 99)
  const ratioSql = pct(allWorker, 50) / pct(allDirect, 50)
  const ratioSearch = pct(allWorker, 50) / pct(allSearch, 50)
  const trips = mix.flatMap((item) =>
    Array(rounds).fill(new Set(item.statements.map((s) => s.round)).size),
  )
  figures.roundTrips = { p50: pct(trips, 50), max: Math.max(...trips) }
  const met = (ok) => (ok ? 'met' : 'NOT met')
  console.log(`\nTarget p99 ≤ 50 ms through the Worker: ${p99.toFixed(1)} ms — ${met(p99 <= 50)}`)
  console.log(
    `Target Worker p50 ≤ 3 × direct p50: ${ratioSql.toFixed(2)} × the SQL alone (${met(ratioSql <= 3)}), ` +
      `${ratioSearch.toFixed(2)} × the same search code in Node (${met(ratioSearch <= 3)})`,
  )
  console.log(
    `D1 round trips per request: p50 ${pct(trips, 50)}, max ${Math.max(...trips)}. The D1 replay of the same statements takes p50 ${pct(allReplay, 50).toFixed(1)} ms ` +
      `(${(pct(allReplay, 50) / pct(allDirect, 50)).toFixed(2)} × the SQL alone): the local D1 binding's floor under the Worker's p50 of ${pct(allWorker, 50).toFixed(1)} ms.`,
  )

  // ---- plans --------------------------------------------------------------------------------
  console.log('\nEXPLAIN QUERY PLAN of every distinct statement in the mix:')
  const seen = new Set()
  const badScans = []
  for (const item of mix) {
    for (const s of item.statements) {
      const key = s.sql
      if (seen.has(key)) continue
      seen.add(key)
      const plan = sqlite
        .prepare(`explain query plan ${s.sql}`)
        .all(...s.params)
        .map((p) => p.detail)
      console.log(`\n  ${label(item)}\n  ${s.sql.replace(/\s+/g, ' ').slice(0, 160)}…`)
      // subqueries and CTEs the statement computes itself (CO-ROUTINE h, MATERIALIZE scored)
      const derived = new Set(
        plan.flatMap((line) => /^(?:CO-ROUTINE|MATERIALIZE) (\w+)/.exec(line)?.[1] ?? []),
      )
      for (const line of plan) {
        // a catalog table read in full: SCAN without an index (FTS, json_each, the statement's own
        // subqueries and the facet_counts aggregate table itself are not catalog scans)
        const scan = /^SCAN (\w+)\b(?! USING)(?!.*VIRTUAL TABLE)/.exec(line)
        const bad =
          scan &&
          !derived.has(scan[1]) &&
          !['json_each', 'facet_counts', 'CONSTANT'].includes(scan[1])
        if (bad) badScans.push(`${label(item)}: ${line}`)
        console.log(`    ${bad ? '!!' : '  '} ${line}`)
      }
    }
  }
  if (badScans.length) {
    failed = true
    console.error(`\nFULL TABLE SCANS (${badScans.length}):\n  ${badScans.join('\n  ')}`)
  } else {
    console.log('\nNo statement scans a catalog table without an index.')
  }
  figures.fullTableScans = badScans.length
  if (json) console.log(JSON.stringify(figures))
  sqlite.close()
} finally {
  await server.stop()
}
process.exit(failed ? 1 : 0)

function seeded(seed) {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31
    return seed / 2 ** 31
  }
}
