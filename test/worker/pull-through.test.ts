// Pull-through of TF Hub files against a real local upstream (scripts/source-server.mjs) that
// serves tfhub.dev's download URLs with real TF.js model archives built from the demo files.
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { getVersionById } from '../../db/queries/versions'
import type { ListFilesResponse } from '../../worker/api-types'
import app from '../../worker/app'
import { readTar } from '../../worker/lib/tar'
import { assetUrl, ensureVersionFiles } from '../../worker/services/tfhub-assets'
import { db, demoFiles, importCatalog, json, request, sha256Hex } from './helpers'

const movenet = '/api/v1/models/google/movenet-singlepose-lightning/tfJs/default/4'
const movenetAsset = '/tfhub-assets/google/tfjs-model/movenet/singlepose/lightning/4'
const blazeface = '/api/v1/models/tensorflow/blazeface/tfJs/default/1'
const expected = demoFiles['demo/movenet/tfJs/singlepose-lightning/1']

async function upstreamRequests(prefix: string) {
  const res = await fetch(
    `${env.SOURCE_ORIGIN}/control/requests?prefix=${encodeURIComponent(prefix)}`,
  )
  return (await res.json<{ count: number }>()).count
}

/** A request to the app with other upstream settings, as another deployment would have. */
function requestWith(vars: Partial<Env>, path: string) {
  return app.request(`http://modelport.test${path}`, {}, { ...env, ...vars })
}

beforeAll(async () => {
  await importCatalog()
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
  it('fetches the asset once, unpacks it into R2 and lists sha256-verified files', async () => {
    const before = await upstreamRequests(movenetAsset)
    const res = await request(`${movenet}/files`)
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
  })

  it('serves later requests from R2 without touching upstream', async () => {
    const before = await upstreamRequests(movenetAsset)
    const redirect = await request(`${movenet}/download/movenet-lightning.bin`)
    expect(redirect.status).toBe(302)
    const file = await request(new URL(redirect.headers.get('location')!).pathname)
    expect(await sha256Hex(file.body)).toBe(expected['movenet-lightning.bin'].sha256)
    const archive = await request(
      `/api/v1/archives/google/movenet-singlepose-lightning/tfJs/default/4`,
    )
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
      await request('/api/v1/models/google/movenet-singlepose-lightning/tfJs/default/versions'),
    )
    expect(versions.versions[0]).toMatchObject({
      versionNumber: 4,
      fileCount: 2,
      totalBytes: 4812029,
    })
  })

  it('fetches once when many first requests arrive together', async () => {
    const slow = `${env.SOURCE_ORIGIN}/tfhub-assets/delay/400`
    const prefix = '/tfhub-assets/delay/400/tensorflow/tfjs-model/blazeface'
    const answers = await Promise.all(
      [1, 2, 3, 4].map(() => requestWith({ TFHUB_ASSET_ORIGIN: slow }, `${blazeface}/files`)),
    )
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200])
    for (const answer of answers) {
      const body = await json<ListFilesResponse>(answer)
      expect(body.files.map((f) => f.sha256).sort()).toEqual(
        Object.values(demoFiles['demo/blazeface/tfJs/default/1'])
          .map((f) => f.sha256)
          .sort(),
      )
    }
    expect(await upstreamRequests(prefix)).toBe(1)
  })

  it('answers 502 and stores nothing when upstream fails, without retrying at once', async () => {
    const down = `${env.SOURCE_ORIGIN}/tfhub-assets/status/503`
    const path = '/api/v1/models/google/movenet-singlepose-thunder/tfJs/default/4'
    const res = await requestWith({ TFHUB_ASSET_ORIGIN: down }, `${path}/files`)
    expect(res.status).toBe(502)
    expect(await json(res)).toMatchObject({
      code: 502,
      error: { code: 'BAD_GATEWAY', message: expect.stringContaining('503') },
    })
    const version = await env.DB.prepare(
      "select file_count, asset_state, archive_key from versions where source_handle = 'google/movenet/singlepose/thunder/4' and source_kind = 'Tfjs'",
    ).first()
    expect(version).toEqual({ file_count: 0, asset_state: 'failed', archive_key: null })
    expect((await env.BUCKET.list({ prefix: 'staging/' })).objects).toEqual([])
    const before = await upstreamRequests('/tfhub-assets/status/503')
    expect((await requestWith({ TFHUB_ASSET_ORIGIN: down }, `${path}/download`)).status).toBe(502)
    expect(await upstreamRequests('/tfhub-assets/status/503')).toBe(before)
  })

  it('never fetches the files of a model whose licence does not allow redistribution', async () => {
    const version = await env.DB.prepare(
      "select id from versions where source_handle = 'google/movenet/singlepose/thunder/3' and source_kind = 'Tfjs'",
    ).first<{ id: number }>()
    const row = (await getVersionById(db(), version!.id))!
    const before = await upstreamRequests('/tfhub-assets/')
    const after = await ensureVersionFiles(db(), env.BUCKET, row, {
      licenseId: 'cc-by-nc-4.0',
      assetOrigin: `${env.SOURCE_ORIGIN}/tfhub-assets`,
    })
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
