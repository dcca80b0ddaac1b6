// The sync against changing upstreams: the local source server serves the bundled snapshot and,
// under their own ids, modified copies of it with other commit ids (scripts/source-server.mjs).
import { applyD1Migrations, reset } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { acquireSyncLock } from '../../db/queries/sync-state'
import { runTfhubSync } from '../../worker/cron/tfhub-sync'
import { IMPORT_VERSION } from '../../worker/tfhub/import-version'
import { readSourceArchive, type TfhubSource } from '../../worker/tfhub/source'
import { db } from './helpers'

const snapshot: TfhubSource = { archiveUrl: env.TFHUB_SOURCE_URL, commitUrl: env.TFHUB_COMMIT_URL }
const sourceFor = (id: string): TfhubSource => ({
  archiveUrl: `${env.SOURCE_ORIGIN}/tfhub/${id}/archive/{revision}.tar.gz`,
  commitUrl: `${env.SOURCE_ORIGIN}/tfhub/${id}/commit`,
})

async function publishSource(
  id: string,
  body: { commit: string; changes?: Record<string, string | null>; corrupt?: string },
) {
  const res = await fetch(`${env.SOURCE_ORIGIN}/control/tfhub/${id}`, {
    method: 'PUT',
    body: JSON.stringify(body),
  })
  expect(res.status).toBe(204)
  return sourceFor(id)
}

const all = async <T = Record<string, any>>(query: string, ...params: unknown[]) =>
  (
    await env.DB.prepare(query)
      .bind(...params)
      .all<T>()
  ).results
const one = async <T = Record<string, any>>(query: string, ...params: unknown[]) =>
  (await env.DB.prepare(query)
    .bind(...params)
    .first<T>())!

/** Every row of the catalog tables, by table and rowid. */
async function rowsById() {
  const tables = ['owners', 'models', 'variations', 'versions', 'model_tags', 'notebooks', 'tags']
  const out: Record<string, Map<string, string>> = {}
  for (const table of tables) {
    const rows = await all<Record<string, unknown>>(`select rowid as _rowid, * from ${table}`)
    out[table] = new Map(rows.map((r) => [String(r._rowid), JSON.stringify(r)]))
  }
  return out
}

/** Which rows each table gained, lost or changed between two `rowsById` results. */
function changedRows(
  before: Awaited<ReturnType<typeof rowsById>>,
  after: Awaited<ReturnType<typeof rowsById>>,
) {
  const out: Record<string, { added: string[]; changed: string[]; removed: string[] }> = {}
  for (const table of Object.keys(after)) {
    const a = before[table]!
    const b = after[table]!
    out[table] = {
      added: [...b.keys()].filter((k) => !a.has(k)),
      changed: [...b.keys()].filter((k) => a.has(k) && a.get(k) !== b.get(k)),
      removed: [...a.keys()].filter((k) => !b.has(k)),
    }
  }
  return out
}

/** The catalog without ids and clock times, keyed by natural keys: equal iff the same catalog. */
async function canonicalCatalog() {
  return {
    owners: await all(
      'select slug, kind, display_name, avatar_url, about_md, source from owners order by slug',
    ),
    models: await all(
      `select o.slug as owner, m.slug, title, subtitle, card_md, license_id, license_source, fine_tunable, is_listed, source_handle, notebook_count, source_hash
       from models m join owners o on o.id = m.owner_id order by source_handle`,
    ),
    variations: await all(
      `select m.source_handle, v.framework, v.slug, v.overview, v.usage_md, v.is_listed, b.framework || '/' || b.slug as base
       from variations v join models m on m.id = v.model_id left join variations b on b.id = v.base_variation_id order by 1, 2, 3`,
    ),
    versions: await all(
      `select m.source_handle, v.framework, v.slug, ve.number, ve.source_path, ve.notes, ve.is_listed, ve.source_hash
       from versions ve join variations v on v.id = ve.variation_id join models m on m.id = v.model_id order by ve.source_path`,
    ),
    tags: await all(
      `select m.source_handle, t.type, t.slug from model_tags mt join models m on m.id = mt.model_id join tags t on t.id = mt.tag_id order by 1, 2, 3`,
    ),
    notebooks: await all(
      'select m.source_handle, n.url, n.title from notebooks n join models m on m.id = n.model_id order by 1, 2',
    ),
    sources: await all(
      'select path, kind, handle, blob_sha1, parsed_json, error, vanished_at is not null as vanished from tfhub_source_files order by path',
    ),
  }
}

async function freshDatabase() {
  await reset()
  await applyD1Migrations(env.DB, env.TEST_MIGRATIONS)
}

// The modified upstream of these tests: each change below, in one new commit.
const movenet4 = 'assets/docs/google/models/movenet/singlepose/lightning/4.md'
const movenet5 = 'assets/docs/google/models/movenet/singlepose/lightning/5.md'
const biggan = 'assets/docs/deepmind/models/biggan-128/2.md'
const agripredict = 'assets/docs/agripredict/disease-classification/1.md'
const removed = 'assets/docs/deepmind/models/bigbigan-resnet50/1.md'
const edited = 'assets/docs/google/models/yamnet/1.md'
const modifiedCommit = 'c0ffee0000000000000000000000000000000001'
let original: Map<string, string>

async function publishModified(id: string, extra: { corrupt?: string } = {}) {
  return publishSource(id, {
    commit: modifiedCommit,
    corrupt: extra.corrupt,
    changes: {
      [movenet5]: original.get(movenet4)!.replace('lightning/4', 'lightning/5'),
      [biggan]: original
        .get(biggan)!
        .replace('<!-- fine-tunable:', '<!-- license: custom -->\n<!-- fine-tunable:'),
      [agripredict]: original
        .get(agripredict)!
        .replace('<!-- license: bsd-3-clause -->', '<!-- license: mit -->'),
      [removed]: null,
      [edited]: original.get(edited)! + '\n## Note\n\nEdited upstream.\n',
    },
  })
}

beforeAll(async () => {
  const archive = await readSourceArchive(snapshot, null)
  original = new Map(
    [...archive.files.values()].map((f) => [f.path, new TextDecoder().decode(f.bytes)]),
  )
  expect(original.get(agripredict)).toContain('<!-- license: bsd-3-clause -->')
  expect(original.get(biggan)).not.toContain('license:')
})

describe('a scheduled sync against an upstream that changes', () => {
  beforeAll(async () => {
    await freshDatabase()
    const first = await runTfhubSync(env.DB, snapshot, 'cron')
    expect(first).toMatchObject({ status: 'succeeded', filesChanged: 2827, subrequests: 2 })
  })

  it('costs one subrequest and writes no row when nothing changed', async () => {
    const before = await rowsById()
    const runsBefore = await one<{ n: number }>('select count(*) as n from sync_runs')
    const summary = await runTfhubSync(env.DB, snapshot, 'cron')
    expect(summary).toMatchObject({
      status: 'succeeded',
      unchanged: true,
      subrequests: 1,
      filesChanged: 0,
    })
    expect(summary.applied).toBeUndefined()
    const diff = changedRows(before, await rowsById())
    for (const table of Object.keys(diff))
      expect(diff[table], table).toEqual({ added: [], changed: [], removed: [] })
    expect((await one<{ n: number }>('select count(*) as n from sync_runs')).n).toBe(
      runsBefore.n + 1,
    )
  })

  it('re-plans every file, once, when the importer changed though the source did not', async () => {
    // the catalog and parsed forms as an older importer left them: a stale parse of yamnet's
    // card and the model row made from it
    const yamnet = await one<{ id: number; title: string }>(
      "select id, title from models where source_handle = 'google/yamnet'",
    )
    await env.DB.batch([
      env.DB.prepare("update sync_state set import_version = '2026-01-01.0' where job = 'tfhub'"),
      env.DB.prepare(
        "update models set title = 'Stale title', source_hash = 'older-importer' where id = ?",
      ).bind(yamnet.id),
      env.DB.prepare(
        "update tfhub_source_files set parsed_json = replace(parsed_json, ?, 'Stale title') where path = ?",
      ).bind(yamnet.title, edited),
    ])
    const before = await rowsById()

    const summary = await runTfhubSync(env.DB, snapshot, 'cron')
    expect(summary).toMatchObject({
      status: 'succeeded',
      unchanged: false,
      subrequests: 2,
      filesChanged: 2827,
      filesAdded: 0,
      filesUnlisted: 0,
      errors: [],
    })
    expect(summary.message).toContain(`→ ${IMPORT_VERSION}`)
    const diff = changedRows(before, await rowsById())
    expect(diff.models).toEqual({ added: [], changed: [String(yamnet.id)], removed: [] })
    expect((await one('select title from models where id = ?', yamnet.id)).title).toBe(yamnet.title)
    const parsed = await one('select parsed_json from tfhub_source_files where path = ?', edited)
    expect(parsed.parsed_json).not.toContain('Stale title')
    expect(await one("select import_version from sync_state where job = 'tfhub'")).toEqual({
      import_version: IMPORT_VERSION,
    })

    // and the next run is the one-subrequest no-op again
    const again = await runTfhubSync(env.DB, snapshot, 'cron')
    expect(again).toMatchObject({ status: 'succeeded', unchanged: true, subrequests: 1 })
  })

  it('changes exactly the records of a new version, a licence change, a removed file and an edited card', async () => {
    const before = await rowsById()
    const modelIds = new Map(
      (
        await all<{ id: number; path: string }>(
          "select m.id, o.slug || '/' || m.slug as path from models m join owners o on o.id = m.owner_id",
        )
      ).map((m) => [m.path, String(m.id)]),
    )
    const summary = await runTfhubSync(env.DB, await publishModified('modified'), 'cron')
    expect(summary).toMatchObject({
      status: 'succeeded',
      revision: modifiedCommit,
      filesChanged: 4,
      filesAdded: 1,
      filesUnlisted: 1,
      errors: [],
    })
    const diff = changedRows(before, await rowsById())

    // models: the families of biggan-128 and bigbigan-resnet50 lose a member, yamnet's card is
    // edited, agripredict is listed; no other family moves
    expect(diff.models!.changed.sort()).toEqual(
      ['deepmind/biggan', 'deepmind/bigbigan', 'google/yamnet'].map((h) => modelIds.get(h)!).sort(),
    )
    expect(diff.models!.added).toHaveLength(1)
    expect(diff.models!.removed).toEqual([])
    const agri = await one(
      "select m.*, o.slug as owner from models m join owners o on o.id = m.owner_id where source_handle = 'agripredict/disease-classification'",
    )
    expect(agri).toMatchObject({
      owner: 'agripredict',
      license_id: 'mit',
      license_source: 'explicit',
      is_listed: 1,
    })
    expect(diff.owners!.added).toHaveLength(1)
    // their variations are unlisted, the families stay
    expect(
      await all(
        `select m.slug as model, v.slug, v.is_listed from variations v join models m on m.id = v.model_id
         where (m.slug = 'biggan' and v.slug = '128') or (m.slug = 'bigbigan' and v.slug = 'resnet50')
         order by 1`,
      ),
    ).toEqual([
      { model: 'bigbigan', slug: 'resnet50', is_listed: 0 },
      { model: 'biggan', slug: '128', is_listed: 0 },
    ])
    expect(
      (await one("select * from models where source_handle = 'google/yamnet'")).card_md,
    ).toContain('Edited upstream.')

    // versions: MoveNet's new file is version 5; no pinned number moved
    const movenet = await all<{ number: number; source_version: number }>(
      `select ve.number, ve.source_version from versions ve join variations v on v.id = ve.variation_id join models m on m.id = v.model_id
       where m.slug = 'movenet' and v.slug = 'singlepose-lightning' and v.framework = 'tensorFlow2' order by 1`,
    )
    expect(movenet).toEqual([1, 2, 3, 4, 5].map((n) => ({ number: n, source_version: n })))
    const agriVersions = (
      await one<{ n: number }>(
        "select count(*) as n from versions ve join variations v on v.id = ve.variation_id join models m on m.id = v.model_id where m.source_handle = 'agripredict/disease-classification'",
      )
    ).n
    expect(diff.versions!.added).toHaveLength(1 + agriVersions)
    // the unlisted models' versions are hidden, not deleted, and keep their numbers
    expect(diff.versions!.removed).toEqual([])
    const hidden = await all<{ is_listed: number }>(
      `select ve.is_listed from versions ve join variations v on v.id = ve.variation_id join models m on m.id = v.model_id
       where (m.slug = 'biggan' and v.slug = '128') or (m.slug = 'bigbigan' and v.slug = 'resnet50')`,
    )
    expect(hidden.length).toBeGreaterThan(0)
    expect(hidden.every((v) => v.is_listed === 0)).toBe(true)
    expect(diff.versions!.changed).toHaveLength(hidden.length)

    const source = await one('select * from tfhub_source_files where path = ?', removed)
    expect(source.vanished_at).not.toBeNull()
  })

  it('lists a model again, with its old numbers, when its file comes back', async () => {
    const before = await all(
      "select ve.id, ve.number from versions ve join variations v on v.id = ve.variation_id join models m on m.id = v.model_id where m.slug = 'bigbigan' and v.slug = 'resnet50'",
    )
    const summary = await runTfhubSync(env.DB, snapshot, 'cron')
    expect(summary).toMatchObject({
      status: 'succeeded',
      revision: '81fdea8ffa53b5acbd66a012d17fb8f9602c714b',
    })
    const variation = await one(
      "select v.is_listed from variations v join models m on m.id = v.model_id where m.slug = 'bigbigan' and v.slug = 'resnet50'",
    )
    expect(variation.is_listed).toBe(1)
    const after = await all(
      "select ve.id, ve.number, ve.is_listed from versions ve join variations v on v.id = ve.variation_id join models m on m.id = v.model_id where m.slug = 'bigbigan' and v.slug = 'resnet50'",
    )
    expect(after).toEqual(before.map((v) => ({ ...v, is_listed: 1 })))
    // the file that vanished upstream (MoveNet 5) is hidden, and its number stays reserved
    const movenet5Row = await one(
      'select number, is_listed from versions where source_path = ?',
      movenet5,
    )
    expect(movenet5Row).toEqual({ number: 5, is_listed: 0 })
  })

  it('records an unreadable file as an error of that file and keeps its last good state', async () => {
    const broken = original
      .get(edited)!
      .replace('# Module google/yamnet/1', '# Modul google/yamnet/1')
    const summary = await runTfhubSync(
      env.DB,
      await publishSource('broken', {
        commit: 'bad0000000000000000000000000000000000001',
        changes: { [edited]: broken },
      }),
      'admin',
    )
    expect(summary.status).toBe('succeeded')
    expect(summary.errors).toEqual([{ path: edited, message: expect.stringMatching(/line 1/) }])
    const source = await one(
      'select kind, handle, error from tfhub_source_files where path = ?',
      edited,
    )
    expect(source).toMatchObject({
      kind: 'Module',
      handle: 'google/yamnet/1',
      error: expect.stringMatching(/line 1/),
    })
    expect(
      (await one("select is_listed from models where source_handle = 'google/yamnet'")).is_listed,
    ).toBe(1)
    const run = await one(
      'select status, error_count, errors_json from sync_runs where id = ?',
      summary.runId,
    )
    expect(run).toMatchObject({ status: 'succeeded', error_count: 1 })
    expect(JSON.parse(run.errors_json)[0].path).toBe(edited)
  })

  it('fails a run on a corrupt or truncated archive and changes nothing', async () => {
    for (const corrupt of ['truncate', 'garbage']) {
      const before = await canonicalCatalog()
      const state = await one("select source_revision from sync_state where job = 'tfhub'")
      const summary = await runTfhubSync(
        env.DB,
        await publishSource(`corrupt-${corrupt}`, {
          commit: 'dead000000000000000000000000000000000001',
          corrupt,
        }),
        'cron',
      )
      expect(summary.status, corrupt).toBe('failed')
      expect(summary.message).toBeTruthy()
      expect(await canonicalCatalog()).toEqual(before)
      expect(await one("select source_revision from sync_state where job = 'tfhub'")).toEqual(state)
      expect((await one('select status from sync_runs where id = ?', summary.runId)).status).toBe(
        'failed',
      )
    }
  })

  it('never lets two runs interleave, and takes over a lock whose holder died', async () => {
    expect(await acquireSyncLock(db(), 'tfhub', 999_999, 60_000)).toBe(true)
    const blocked = await runTfhubSync(env.DB, snapshot, 'cron')
    expect(blocked).toMatchObject({ status: 'skipped', message: 'another TF Hub sync is running' })
    await env.DB.prepare("update sync_state set lock_expires_at = 0 where job = 'tfhub'").run()
    const next = await runTfhubSync(env.DB, snapshot, 'cron')
    expect(next.status).toBe('succeeded')
    expect((await one("select locked_by from sync_state where job = 'tfhub'")).locked_by).toBeNull()
  })
})

/** A D1 binding whose `batch` throws on its nth call: a database failing in the middle of a run. */
function failingD1(d1: D1Database, failOnBatch: number) {
  let batches = 0
  return new Proxy(d1, {
    get(target, property) {
      if (property === 'batch') {
        return async (statements: D1PreparedStatement[]) => {
          batches++
          if (batches === failOnBatch) throw new Error(`injected D1 failure on batch ${batches}`)
          return target.batch(statements)
        }
      }
      const value = Reflect.get(target, property)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}

describe('a run interrupted midway', () => {
  let reference: Awaited<ReturnType<typeof canonicalCatalog>>
  let batchesInCleanRun = 0

  beforeAll(async () => {
    await freshDatabase()
    await runTfhubSync(env.DB, snapshot, 'cron')
    let counted = 0
    const counting = new Proxy(env.DB, {
      get(target, property) {
        if (property === 'batch') return (s: D1PreparedStatement[]) => (counted++, target.batch(s))
        const value = Reflect.get(target, property)
        return typeof value === 'function' ? value.bind(target) : value
      },
    })
    expect(
      (await runTfhubSync(counting, await publishModified('interrupted'), 'cron')).status,
    ).toBe('succeeded')
    batchesInCleanRun = counted
    reference = await canonicalCatalog()
  })

  beforeEach(async () => {
    await freshDatabase()
    await runTfhubSync(env.DB, snapshot, 'cron')
  })

  for (const fraction of [0.3, 0.6, 1]) {
    it(`ends, after a clean run, in the same catalog as one clean run (D1 fails at ${fraction * 100}% of the writes)`, async () => {
      const source = await publishModified('interrupted')
      const failAt = Math.max(1, Math.round(batchesInCleanRun * fraction))
      const interrupted = await runTfhubSync(failingD1(env.DB, failAt), source, 'cron')
      expect(interrupted.status).toBe('failed')
      expect(interrupted.message).toContain('injected D1 failure')
      const resumed = await runTfhubSync(env.DB, source, 'cron')
      expect(resumed.status).toBe('succeeded')
      expect(await canonicalCatalog()).toEqual(reference)
    })
  }
})
