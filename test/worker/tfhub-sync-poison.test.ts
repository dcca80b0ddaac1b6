// The sync against hostile upstream files (a stray '%', a 3 MB card, a 50 MB file): each is an
// error of its file and the rest of the run goes on; and the lock's fence: a run that lost its
// lock to another run writes nothing more.
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { runTfhubSync } from '../../worker/cron/tfhub-sync'
import type { TfhubSource } from '../../worker/tfhub/source'
import { importCatalog } from './helpers'
// the snapshot the source server serves is the repository's own seed
import wikiText from '../../db/seed/tfhub/google/models/wiki40b-lm-uk/1.md?raw'
import yamnetText from '../../db/seed/tfhub/google/models/yamnet/1.md?raw'

const yamnet = 'assets/docs/google/models/yamnet/1.md'
const biggan = 'assets/docs/deepmind/models/biggan-128/2.md'
const movenet = 'assets/docs/google/models/movenet/singlepose/lightning/4.md'
const wiki = 'assets/docs/google/models/wiki40b-lm-uk/1.md'

async function publishSource(id: string, body: Record<string, unknown>): Promise<TfhubSource> {
  const res = await fetch(`${env.SOURCE_ORIGIN}/control/tfhub/${id}`, {
    method: 'PUT',
    body: JSON.stringify(body),
  })
  expect(res.status).toBe(204)
  return {
    archiveUrl: `${env.SOURCE_ORIGIN}/tfhub/${id}/archive/{revision}.tar.gz`,
    commitUrl: `${env.SOURCE_ORIGIN}/tfhub/${id}/commit`,
  }
}

const one = async <T = Record<string, any>>(query: string, ...params: unknown[]) =>
  (await env.DB.prepare(query)
    .bind(...params)
    .first<T>())!

// a TF Hub handle's own record in its family: the variation of its Module files
const modelRow = (handle: string) =>
  one(
    `select v.usage_md as card_md, v.overview as subtitle, v.is_listed from variations v
     join versions ve on ve.variation_id = v.id
     where ve.source_kind = 'Module' and ve.source_handle = ? || '/' || ve.source_version
     order by ve.source_version desc limit 1`,
    handle,
  )

beforeAll(async () => {
  await importCatalog()
})

describe('poison pills in the TF Hub source', () => {
  it('turns a stray %, a 3 MB card and a 50 MB file into errors of their files', async () => {
    const before = {
      biggan: await modelRow('deepmind/biggan-128'),
      movenet: await modelRow('google/movenet/singlepose/lightning'),
    }
    const source = await publishSource('poison', {
      commit: 'bad0000000000000000000000000000000000001',
      changes: {
        [yamnet]: yamnetText.replace(/yamnet\.ipynb/, 'yam%net%ZZ%.ipynb'),
        [wiki]: wikiText.replace('Embeddings and negative', 'Edited embeddings and negative'),
      },
      padded: { [biggan]: 3 * 1024 * 1024, [movenet]: 50 * 1024 * 1024 },
    })
    const summary = await runTfhubSync(env.DB, source, 'cron')
    expect(summary.status, summary.message).toBe('succeeded')
    expect(summary.revision).toBe('bad0000000000000000000000000000000000001')
    const errorOf = (path: string) => summary.errors.find((e) => e.path === path)?.message
    expect(errorOf(biggan)).toMatch(/over the 1048576-byte cap/)
    expect(errorOf(movenet)).toMatch(/over the 1048576-byte cap/)
    // the stray % is read as it is; the notebook keeps a title
    expect(errorOf(yamnet)).toBeUndefined()
    const notebook = await one(
      `select n.title from notebooks n join models m on m.id = n.model_id
       where m.slug = 'yamnet' and n.url like '%yam%net%ZZ%'`,
    )
    expect(notebook.title).toBe('Yam%net%ZZ%')
    // the other models still update; the oversize files' models keep their last good state
    expect((await modelRow('google/wiki40b-lm-uk')).subtitle).toMatch(/^Edited embeddings/)
    expect(await modelRow('deepmind/biggan-128')).toEqual(before.biggan)
    expect(await modelRow('google/movenet/singlepose/lightning')).toEqual(before.movenet)
    const run = await one('select status, error_count from sync_runs where id = ?', summary.runId)
    expect(run).toEqual({ status: 'succeeded', error_count: summary.errors.length })

    // unchanged oversize files are not errors again on the next run of another commit
    const again = await runTfhubSync(
      env.DB,
      await publishSource('poison-2', {
        commit: 'bad0000000000000000000000000000000000002',
        changes: { [wiki]: wikiText },
        padded: { [biggan]: 3 * 1024 * 1024, [movenet]: 50 * 1024 * 1024 },
      }),
      'cron',
    )
    expect(again.status).toBe('succeeded')
    expect(again.errors.map((e) => e.path)).not.toContain(biggan)
  })
})

describe('the sync lock', () => {
  it('is fenced: a run whose lock was taken over records no revision', async () => {
    const source = await publishSource('fenced', {
      commit: 'fe00000000000000000000000000000000000001',
      changes: { [wiki]: 'x' },
    })
    const state = await one("select source_revision from sync_state where job = 'tfhub'")
    const run = runTfhubSync(env.DB, source, 'cron')
    // as soon as the run holds the lock, its lock expires and another run takes it over
    let taken = false
    for (let i = 0; i < 500 && !taken; i++) {
      const r = await env.DB.prepare(
        `update sync_state set locked_by = 424242, lock_expires_at = ?
         where job = 'tfhub' and locked_by is not null and locked_by != 424242 returning job`,
      )
        .bind(Date.now() + 60_000)
        .first()
      taken = r !== null
      if (!taken) await new Promise((resolve) => setTimeout(resolve, 2))
    }
    expect(taken).toBe(true)
    const summary = await run
    expect(summary.status).toBe('failed')
    expect(summary.message).toMatch(/another run took it over/)
    expect(
      await one("select source_revision, locked_by from sync_state where job = 'tfhub'"),
    ).toEqual({ source_revision: state.source_revision, locked_by: 424242 })
    await env.DB.prepare("update sync_state set locked_by = null where job = 'tfhub'").run()
  })
})
