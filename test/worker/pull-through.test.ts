// Pull-through of TF Hub files against a real local upstream (scripts/source-server.mjs) that
// serves tfhub.dev's download URLs with real TF.js model archives built from the demo files.
// Requests queue the fetch and answer 202; the queue's consumer (worker/pull/consumer.ts, run by
// miniflare's queue broker in this pool) fetches.
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { queueAssetFetch } from '../../db/queries/asset-fetch'
import { getVersionById } from '../../db/queries/versions'
import type { ListFilesResponse } from '../../worker/api-types'
import { readTar } from '../../worker/lib/tar'
import { assetUrl } from '../../worker/pull/asset-url'
import { runPullJob } from '../../worker/pull/job'
import { ensureVersionFiles, pullWaitMs } from '../../worker/pull/request'
import { db, demoFiles, importCatalog, json, request as appRequest, sha256Hex } from './helpers'

// as the SPA asks: a 202 at once while the files are fetched (without it the request is held)
const request = (path: string, init: RequestInit = {}) =>
  appRequest(path, {
    ...init,
    headers: { prefer: 'respond-async', ...(init.headers as Record<string, string>) },
  })

const movenet = '/api/v1/models/google/movenet/tfJs/singlepose-lightning/4'
const movenetAsset = '/tfhub-assets/google/tfjs-model/movenet/singlepose/lightning/4'
const blazeface = '/api/v1/models/tensorflow/blazeface/tfJs/default/1'
const expected = demoFiles['demo/movenet/tfJs/singlepose-lightning/1']

async function upstreamRequests(prefix: string) {
  const res = await fetch(
    `${env.SOURCE_ORIGIN}/control/requests?prefix=${encodeURIComponent(prefix)}`,
  )
  return (await res.json<{ count: number }>()).count
}

/** Polls `path` (as a client honouring Retry-After would, only faster) until it is not 202. */
async function whenFetched(path: string) {
  for (let i = 0; i < 200; i++) {
    const res = await request(path)
    if (res.status !== 202) return res
    await res.body?.cancel()
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`${path} still 202 after 10 s`)
}

const versionIdOf = async (handle: string) =>
  (await env.DB.prepare("select id from versions where source_handle = ? and source_kind = 'Tfjs'")
    .bind(handle)
    .first<{ id: number }>())!.id

beforeAll(async () => {
  await importCatalog()
})

describe('pullWaitMs', () => {
  it('holds a request 25 s by default, as long as wait=N asks (at most 25 s), not with respond-async', () => {
    expect(pullWaitMs(undefined)).toBe(25_000)
    expect(pullWaitMs('wait=3')).toBe(3_000)
    expect(pullWaitMs('wait=999')).toBe(25_000)
    expect(pullWaitMs('handling=lenient, respond-async')).toBe(0)
    expect(pullWaitMs('RESPOND-ASYNC, wait=10')).toBe(0)
    expect(pullWaitMs('wait=1e9')).toBe(25_000)
  })
})

describe('assetUrl', () => {
  it("maps Google-hosted assets to tfhub.dev's download URLs and keeps real URLs", () => {
    const tfjs = {
      assetPath: 'internal',
      sourceKind: 'Tfjs',
      sourceUrl: 'https://tfhub.dev/google/tfjs-model/movenet/singlepose/lightning/4',
    }
    expect(assetUrl(tfjs, 'https://tfhub.dev')).toBe(
      'https://tfhub.dev/google/tfjs-model/movenet/singlepose/lightning/4?tfjs-format=compressed',
    )
    const module = {
      assetPath: 'legacy',
      sourceKind: 'Module',
      sourceUrl: 'https://tfhub.dev/google/imagenet/mobilenet_v2_100_224/classification/5',
    }
    expect(assetUrl(module, 'https://tfhub.dev/')).toBe(
      'https://tfhub.dev/google/imagenet/mobilenet_v2_100_224/classification/5?tf-hub-format=compressed',
    )
    const lite = {
      assetPath: 'legacy',
      sourceKind: 'Lite',
      sourceUrl: 'https://tfhub.dev/tensorflow/lite-model/ssd_mobilenet_v1/1/metadata/2',
    }
    expect(assetUrl(lite, 'https://tfhub.dev')).toBe(
      'https://tfhub.dev/tensorflow/lite-model/ssd_mobilenet_v1/1/metadata/2?lite-format=tflite',
    )
    expect(
      assetUrl(
        { ...tfjs, assetPath: 'https://storage.googleapis.com/x/model.tar.gz' },
        'https://tfhub.dev',
      ),
    ).toBe('https://storage.googleapis.com/x/model.tar.gz')
    expect(assetUrl({ ...tfjs, assetPath: 'gs://bucket/model' }, 'https://tfhub.dev')).toBeNull()
  })
})

describe('the first request for a TF Hub version’s files', () => {
  it('answers 202 with Retry-After and progress, and the files once the queue fetched them', async () => {
    const before = await upstreamRequests(movenetAsset)
    const first = await request(`${movenet}/files`)
    expect(first.status).toBe(202)
    expect(first.headers.get('retry-after')).toBe('2')
    expect(await json(first)).toEqual({
      code: 202,
      message: expect.stringContaining('being fetched from TF Hub'),
      error: {
        code: 'ACCEPTED',
        message: expect.stringContaining('being fetched from TF Hub'),
        details: {
          status: expect.stringMatching(/^(queued|fetching)$/),
          receivedBytes: expect.any(Number),
          totalBytes: expect.toBeOneOf([null, expect.any(Number)]),
        },
      },
    })
    const res = await whenFetched(`${movenet}/files`)
    expect(res.status).toBe(200)
    const body = await json<ListFilesResponse>(res)
    expect(body.files.map((f) => [f.name, f.size, f.sha256])).toEqual(
      Object.entries(expected)
        .map(([name, f]) => [name, f.size, f.sha256])
        .sort(),
    )
    expect(body.totalBytes).toBe(4812029)
    expect(await upstreamRequests(movenetAsset)).toBe(before + 1)
    for (const file of body.files)
      expect(await env.BUCKET.head(`blobs/sha256/${file.sha256}`)).not.toBeNull()
    expect((await env.BUCKET.list({ prefix: 'staging/' })).objects).toEqual([])
    const row = (await getVersionById(
      db(),
      await versionIdOf('google/movenet/singlepose/lightning/4'),
    ))!
    expect(row).toMatchObject({ assetState: 'fetched', assetLeaseToken: null, fileCount: 2 })
  })

  it('serves later requests from R2 without touching upstream', async () => {
    const before = await upstreamRequests(movenetAsset)
    const redirect = await request(`${movenet}/download/movenet-lightning.bin`)
    expect(redirect.status).toBe(302)
    const file = await request(new URL(redirect.headers.get('location')!).pathname)
    expect(await sha256Hex(file.body)).toBe(expected['movenet-lightning.bin'].sha256)
    const archive = await request(`/api/v1/archives/google/movenet/tfJs/singlepose-lightning/4`)
    expect(archive.status).toBe(200)
    const names: string[] = []
    for await (const entry of readTar(archive.body!.pipeThrough(new DecompressionStream('gzip')))
      .entries) {
      names.push(entry.path)
      await entry.body.cancel()
    }
    expect(names).toEqual(['model.json', 'movenet-lightning.bin'])
    expect(await upstreamRequests(movenetAsset)).toBe(before)
    const versions = await json(
      await request('/api/v1/models/google/movenet/tfJs/singlepose-lightning/versions'),
    )
    expect(versions.versions[0]).toMatchObject({
      versionNumber: 4,
      fileCount: 2,
      totalBytes: 4812029,
    })
  })

  it('queues one fetch when many first requests arrive together', async () => {
    const prefix = '/tfhub-assets/tensorflow/tfjs-model/blazeface'
    const answers = await Promise.all([1, 2, 3, 4].map(() => request(`${blazeface}/files`)))
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 202])
    const res = await whenFetched(`${blazeface}/files`)
    expect(res.status).toBe(200)
    const body = await json<ListFilesResponse>(res)
    expect(body.files.map((f) => f.sha256).sort()).toEqual(
      Object.values(demoFiles['demo/blazeface/tfJs/default/1'])
        .map((f) => f.sha256)
        .sort(),
    )
    expect(await upstreamRequests(prefix)).toBe(1)
  })

  it('records a 5xx as failed, answers 502 with Retry-After and asks upstream only after it', async () => {
    const down = `${env.SOURCE_ORIGIN}/tfhub-assets/status/503`
    const path = '/api/v1/models/google/movenet/tfJs/singlepose-thunder/4'
    const id = await versionIdOf('google/movenet/singlepose/thunder/4')
    const now = new Date()
    expect(await queueAssetFetch(db(), id, new Date(now.getTime() + 60_000), now)).toBe(true)
    const result = await runPullJob({ ...env, TFHUB_ASSET_ORIGIN: down }, id)
    expect(result).toMatchObject({ state: 'failed', error: 'the asset host answered 503' })
    const version = await env.DB.prepare(
      'select file_count, asset_state, archive_key, asset_retry_at from versions where id = ?',
    )
      .bind(id)
      .first<{ asset_retry_at: number }>()
    expect(version).toMatchObject({ file_count: 0, asset_state: 'failed', archive_key: null })
    expect(version!.asset_retry_at).toBeGreaterThan(Date.now() + 50_000)
    expect((await env.BUCKET.list({ prefix: 'staging/' })).objects).toEqual([])
    const before = await upstreamRequests('/tfhub-assets/')
    const res = await request(`${path}/files`)
    expect(res.status).toBe(502)
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(50)
    expect(await json(res)).toMatchObject({
      code: 502,
      error: { code: 'BAD_GATEWAY', message: expect.stringContaining('answered 503') },
    })
    expect((await request(`${path}/download`)).status).toBe(502)
    expect(await upstreamRequests('/tfhub-assets/')).toBe(before)
  })

  it('records a 404 as rejected and never asks upstream again', async () => {
    const gone = `${env.SOURCE_ORIGIN}/tfhub-assets/status/404`
    const path = '/api/v1/models/google/movenet/tfJs/singlepose-thunder/3'
    const id = await versionIdOf('google/movenet/singlepose/thunder/3')
    await queueAssetFetch(db(), id, new Date(Date.now() + 60_000), new Date())
    expect(await runPullJob({ ...env, TFHUB_ASSET_ORIGIN: gone }, id)).toMatchObject({
      state: 'rejected',
      error: 'the asset host answered 404',
    })
    await env.DB.prepare('update versions set asset_retry_at = 0 where id = ?').bind(id).run()
    const before = await upstreamRequests('/tfhub-assets/')
    const res = await request(`${path}/files`)
    expect(res.status).toBe(502)
    expect(await json(res)).toMatchObject({
      error: { code: 'BAD_GATEWAY', message: expect.stringContaining('cannot be taken') },
    })
    expect(await upstreamRequests('/tfhub-assets/')).toBe(before)
  })

  it('never fetches the files of a model whose licence does not allow redistribution', async () => {
    const id = await versionIdOf('google/movenet/singlepose/thunder/3')
    const row = (await getVersionById(db(), id))!
    const before = await upstreamRequests('/tfhub-assets/')
    const after = await ensureVersionFiles(db(), env, row, 'cc-by-nc-4.0')
    expect(after).toBe(row)
    expect(await upstreamRequests('/tfhub-assets/')).toBe(before)
  })

  it('lists no files, without any fetch, for a version whose asset has no URL', async () => {
    const row = await env.DB.prepare(
      `select o.slug as owner, m.slug as model, v.framework, v.slug as variation, ve.number
       from versions ve join variations v on v.id = ve.variation_id join models m on m.id = v.model_id join owners o on o.id = m.owner_id
       where ve.asset_path like 'gs://%' limit 1`,
    ).first<{
      owner: string
      model: string
      framework: string
      variation: string
      number: number
    }>()
    const res = await request(
      `/api/v1/models/${row!.owner}/${row!.model}/${row!.framework}/${row!.variation}/${row!.number}/files`,
    )
    expect(res.status).toBe(200)
    expect(await json(res)).toEqual({
      files: [],
      nextPageToken: '',
      totalResults: 0,
      totalBytes: 0,
    })
  })
})
