import { env, exports } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import type {
  ApiModel,
  ApiModelInstance,
  ListFilesResponse,
  ListModelsResponse,
  ListVersionsResponse,
} from '../../worker/api-types'
import { importCatalog, json, request, seedDemo } from './helpers'

// a TF Hub model whose asset-path is a gs:// path: nothing to pull through
const swivel = '/api/v1/models/tensorflow/cord-19-swivel-128d/tensorFlow2/cord-19-swivel-128d'

beforeAll(async () => {
  await importCatalog()
  await seedDemo()
})

describe('GET /api/v1/models/list', () => {
  it('lists public models with Kaggle fields and a total', async () => {
    const res = await request('/api/v1/models/list')
    expect(res.status).toBe(200)
    const body = await json<ListModelsResponse>(res)
    expect(body.totalResults).toBe(324)
    expect(body.models).toHaveLength(20)
    expect(body.nextPageToken).not.toBe('')
    const model = body.models[0]!
    expect(model.ref).toBe(`${model.ownerSlug}/${model.slug}`)
    expect(Object.values(model)).not.toContain(null)
  })

  it('answers through the real Worker entry', async () => {
    const res = await exports.default.fetch('http://modelport.test/api/v1/models/list?pageSize=1')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    expect((await json<ListModelsResponse>(res)).models).toHaveLength(1)
  })

  it('finds models by text, prefix while typing, owner and title', async () => {
    const search = async (q: string) =>
      json<ListModelsResponse>(
        await request(`/api/v1/models/list?search=${encodeURIComponent(q)}&pageSize=10`),
      )
    expect((await search('movenet')).models.map((m) => m.ref)).toContain('google/movenet')
    expect((await search('movene')).models.map((m) => m.ref)).toContain('google/movenet')
    expect((await search('mobilenet')).models[0]!.title.toLowerCase()).toContain('mobilenet')
    expect((await search('bert')).totalResults).toBeGreaterThan(10)
    for (const odd of ['"', 'a AND OR NOT', '(*)', 'ñandú 日本語', '-', '^near/2']) {
      const res = await request(`/api/v1/models/list?search=${encodeURIComponent(odd)}`)
      expect(res.status).toBe(200)
    }
  })

  it('filters by owner and pages through every match exactly once', async () => {
    const seen: string[] = []
    let token = ''
    let pages = 0
    do {
      const res = await request(`/api/v1/models/list?owner=deepmind&pageSize=5&pageToken=${token}`)
      const body = await json<ListModelsResponse>(res)
      expect(body.totalResults).toBe(12)
      seen.push(...body.models.map((m) => m.ref))
      token = body.nextPageToken
      pages++
    } while (token && pages < 10)
    expect(seen).toHaveLength(12)
    expect(new Set(seen).size).toBe(12)
    expect(seen.every((ref) => ref.startsWith('deepmind/'))).toBe(true)
  })

  it("accepts Kaggle's parameter spellings and sort names", async () => {
    for (const query of [
      'sortBy=voteCount',
      'sortby=vote_count',
      'sort_by=LIST_MODELS_ORDER_BY_VOTE_COUNT',
      'SortBy=hotness',
      'sortBy=',
      'page_size=3',
      'pagesize=3',
    ]) {
      const res = await request(`/api/v1/models/list?${query}`)
      expect(res.status, query).toBe(200)
    }
    const small = await json<ListModelsResponse>(await request('/api/v1/models/list?page_size=3'))
    expect(small.models).toHaveLength(3)
  })

  it('answers 400 naming the bad parameter', async () => {
    const cases: [string, string][] = [
      ['pageSize=0', 'pageSize'],
      ['pageSize=abc', 'pageSize'],
      ['pageSize=101', 'pageSize'],
      ['sortBy=loudest', 'sortBy'],
      ['pageToken=garbage', 'pageToken'],
    ]
    for (const [query, parameter] of cases) {
      const res = await request(`/api/v1/models/list?${query}`)
      expect(res.status, query).toBe(400)
      const body = await json(res)
      expect(body).toMatchObject({ code: 400, error: { code: 'BAD_REQUEST' } })
      expect(body.message).toContain(parameter)
    }
  })

  it('refuses a page token of another sort order', async () => {
    const first = await json<ListModelsResponse>(
      await request('/api/v1/models/list?sortBy=voteCount&pageSize=2'),
    )
    const res = await request(
      `/api/v1/models/list?sortBy=createTime&pageToken=${first.nextPageToken}`,
    )
    expect(res.status).toBe(400)
  })
})

describe('GET /api/v1/models/:owner/:model/get', () => {
  it('returns a TF Hub family with its card, tags, licence and variations', async () => {
    const res = await request('/api/v1/models/google/movenet/get')
    expect(res.status).toBe(200)
    const model = await json<ApiModel>(res)
    expect(model).toMatchObject({
      ref: 'google/movenet',
      title: 'MoveNet',
      author: 'Google',
      provenance: 'tfhub',
      licenseName: 'Apache 2.0',
      license: {
        label: 'Apache-2.0 (TF Hub default)',
        source: 'tfhub-default',
        commercialUse: true,
      },
      owner: { slug: 'google', name: 'Google', isOrganization: true },
      url: 'http://modelport.test/models/google/movenet',
    })
    expect(model.description).toMatch(/^## Model Specifications/)
    expect(model.tags.map((t) => t.ref)).toContain('task/image-pose-detection')
    expect(model.frameworks).toEqual([
      'MODEL_FRAMEWORK_TENSOR_FLOW_2',
      'MODEL_FRAMEWORK_TF_JS',
      'MODEL_FRAMEWORK_TF_LITE',
    ])
    const instances = model.instances!.map((i) => `${i.frameworkSlug}/${i.slug}/${i.versionNumber}`)
    expect(instances).toEqual(
      expect.arrayContaining([
        'tensorFlow2/singlepose-lightning/4',
        'tensorFlow2/singlepose-thunder/4',
        'tensorFlow2/multipose-lightning/1',
        'tfJs/singlepose-lightning/4',
        'tfLite/singlepose-lightning/1',
        'tfLite/singlepose-lightning-tflite-float16/1',
        'tfLite/singlepose-lightning-tflite-int8/1',
      ]),
    )
    // each variation as its own endpoint gives it (the two read it with different statements)
    for (const instance of model.instances!) {
      const alone = await request(
        `/api/v1/models/google/movenet/${instance.frameworkSlug}/${instance.slug}/get`,
      )
      expect(await json(alone), instance.slug).toEqual(instance)
    }
    expect(
      model.instances!.find((i) => i.frameworkSlug === 'tfJs' && i.slug === 'singlepose-lightning'),
    ).toMatchObject({
      versionCount: 4,
      baseModelInstance: { slug: 'singlepose-lightning' },
    })
  })

  it('answers an old one-model-per-handle path with a 308 to its family', async () => {
    const cases: [string, string][] = [
      [
        '/api/v1/models/google/movenet-singlepose-lightning/get',
        '/api/v1/models/google/movenet/get',
      ],
      [
        '/api/v1/models/google/movenet-singlepose-lightning/tfJs/default/get',
        '/api/v1/models/google/movenet/tfJs/singlepose-lightning/get',
      ],
      [
        '/api/v1/models/google/movenet-singlepose-lightning/tfjs/default/4/files?pageSize=5',
        '/api/v1/models/google/movenet/tfJs/singlepose-lightning/4/files?pageSize=5',
      ],
      [
        '/api/v1/models/google/imagenet-mobilenet-v2-100-224-classification/tensorFlow2/imagenet-mobilenet-v2-100-224-classification/2/download',
        '/api/v1/models/google/mobilenet-v2/tensorFlow2/100-224-classification/2/download',
      ],
    ]
    for (const [old, now] of cases) {
      const res = await request(old)
      expect(res.status, old).toBe(308)
      expect(res.headers.get('location'), old).toBe(now)
    }
    // writes are not redirected; unknown handles keep their 404
    expect(
      (await request('/api/v1/models/google/movenet-singlepose-lightning/get', { method: 'POST' }))
        .status,
    ).not.toBe(308)
    expect((await request('/api/v1/models/google/movenet-nothing/get')).status).toBe(404)
  })

  it("answers Kaggle's RPC methods for an old handle as its family's (POSTs are not redirected)", async () => {
    const rpc = (method: string, body: unknown) =>
      request(`/v1/models.ModelApiService/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    const instance = await json(
      await rpc('GetModelInstance', {
        ownerSlug: 'google',
        modelSlug: 'movenet-singlepose-lightning',
        framework: 'MODEL_FRAMEWORK_TF_JS',
        instanceSlug: 'default',
      }),
    )
    expect(instance).toMatchObject({ slug: 'singlepose-lightning', versionNumber: 4 })
    const model = await json(
      await rpc('GetModel', { ownerSlug: 'google', modelSlug: 'movenet-singlepose-lightning' }),
    )
    expect(model).toMatchObject({ ref: 'google/movenet' })
  })

  it('returns the MobileNet V2 and BERT families', async () => {
    const mobilenet = await json<ApiModel>(await request('/api/v1/models/google/mobilenet-v2/get'))
    expect(
      mobilenet
        .instances!.filter((i) => i.slug === '100-224-classification')
        .map((i) => `${i.framework}:${i.versionNumber}`),
    ).toEqual([
      'MODEL_FRAMEWORK_TENSOR_FLOW_1:3',
      'MODEL_FRAMEWORK_TENSOR_FLOW_2:2',
      'MODEL_FRAMEWORK_TF_JS:3',
    ])
    const bert = await json<ApiModel>(await request('/api/v1/models/tensorflow/bert/get'))
    expect(bert.subtitle).toBe('Bidirectional Encoder Representations from Transformers (BERT).')
    expect(bert.fineTunable).toBe(true)
  })

  it('returns 404 in the error envelope for an unknown or excluded model', async () => {
    for (const path of [
      '/api/v1/models/acme/nothing/get',
      '/api/v1/models/nvidia/unet-industrial-class-1/get',
    ]) {
      const res = await request(path)
      expect(res.status).toBe(404)
      expect(await json(res)).toMatchObject({ code: 404, error: { code: 'NOT_FOUND' } })
    }
  })
})

describe('GET /api/v1/models/:owner/:model/:framework/:variation/get', () => {
  it('returns the variation with its latest version, matching the framework leniently', async () => {
    for (const framework of ['tfJs', 'TfJs', 'tfjs', 'tf_js', 'MODEL_FRAMEWORK_TF_JS']) {
      const res = await request(
        `/api/v1/models/google/movenet/${framework}/singlepose-lightning/get`,
      )
      expect(res.status, framework).toBe(200)
      const instance = await json<ApiModelInstance>(res)
      expect(instance).toMatchObject({
        slug: 'singlepose-lightning',
        framework: 'MODEL_FRAMEWORK_TF_JS',
        versionNumber: 4,
        versionCount: 4,
      })
      expect(instance.baseModelInstance).toEqual({
        framework: 'MODEL_FRAMEWORK_TENSOR_FLOW_2',
        slug: 'singlepose-lightning',
      })
    }
  })

  it('returns 404 for an unknown framework or variation', async () => {
    expect(
      (await request('/api/v1/models/google/movenet/caffe/singlepose-lightning/get')).status,
    ).toBe(404)
    expect((await request('/api/v1/models/google/movenet/tfJs/nope/get')).status).toBe(404)
  })
})

describe('GET /api/v1/models/:owner/:model/:framework/:variation/versions', () => {
  it('lists versions newest first with their TF Hub source', async () => {
    const res = await request(
      '/api/v1/models/google/mobilenet-v2/tensorFlow2/100-224-classification/versions',
    )
    expect(res.status).toBe(200)
    const { versions } = await json<ListVersionsResponse>(res)
    expect(versions.map((v) => v.versionNumber)).toEqual([2, 1])
    expect(versions[0]!.source).toMatchObject({
      kind: 'Module',
      handle: 'google/imagenet/mobilenet_v2_100_224/classification/5',
      version: 5,
      format: 'saved_model_2',
      assetPath: 'internal',
    })
    expect(versions[0]!.archiveUrl).toBeUndefined()
  })
})

describe('GET .../:version/files', () => {
  const base = '/api/v1/models/demo/blazeface/tfJs/default'

  it('lists the files of a version with size and sha256', async () => {
    const res = await request(`${base}/1/files`)
    expect(res.status).toBe(200)
    const body = await json<ListFilesResponse>(res)
    expect(body.files.map((f) => [f.name, f.size, f.sha256])).toEqual([
      ['blazeface.bin', 538928, 'dc9a97fdc50bc43216554bdd69aa3e7b9361a519ee7bdd996a2f69a98a6f9b72'],
      ['model.json', 79038, 'cd7bbfc078270572beb39f9e5ae67aadbd50b5e67cff37e6d4f6b3ea39312e5f'],
    ])
    expect(body).toMatchObject({ nextPageToken: '', totalResults: 2, totalBytes: 617966 })
    expect(body.files[0]!.url).toBe(
      'http://modelport.test/api/v1/files/demo/blazeface/tfJs/default/1/blazeface.bin',
    )
  })

  it('pages with pageSize and an opaque token', async () => {
    const first = await json<ListFilesResponse>(await request(`${base}/1/files?page_size=1`))
    expect(first.files.map((f) => f.name)).toEqual(['blazeface.bin'])
    expect(first.nextPageToken).not.toBe('')
    const second = await json<ListFilesResponse>(
      await request(`${base}/1/files?pageSize=1&pageToken=${first.nextPageToken}`),
    )
    expect(second.files.map((f) => f.name)).toEqual(['model.json'])
    expect(second.nextPageToken).toBe('')
  })

  it("lists the latest version's files without a version (CLI 1.7)", async () => {
    const body = await json<ListFilesResponse>(await request(`${base}/files?pagesize=20`))
    expect(body.files).toHaveLength(2)
  })

  it('answers 400 for a malformed version and 404 for a missing one', async () => {
    const bad = await request(`${base}/abc/files`)
    expect(bad.status).toBe(400)
    expect((await json(bad)).message).toContain('version')
    expect((await request(`${base}/0/files`)).status).toBe(400)
    expect((await request(`${base}/9/files`)).status).toBe(404)
  })

  it('lists no files for a TF Hub version whose asset has no URL to fetch', async () => {
    const body = await json<ListFilesResponse>(await request(`${swivel}/2/files`))
    expect(body).toEqual({ files: [], nextPageToken: '', totalResults: 0, totalBytes: 0 })
  })
})

describe('GET .../:version/download', () => {
  it('redirects a file download with 302 to its versioned URL', async () => {
    const res = await request('/api/v1/models/demo/blazeface/tfJs/default/1/download/model.json')
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe(
      'http://modelport.test/api/v1/files/demo/blazeface/tfJs/default/1/model.json',
    )
  })

  it('redirects the whole-version download to its archive', async () => {
    const res = await request('/api/v1/models/demo/blazeface/TFJS/default/1/download')
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe(
      'http://modelport.test/api/v1/archives/demo/blazeface/tfJs/default/1',
    )
  })

  it('answers 404 for a version without files and for unknown handles', async () => {
    expect((await request(`${swivel}/2/download`)).status).toBe(404)
    expect(
      (await request('/api/v1/models/demo/blazeface/tfJs/default/2/download/model.json')).status,
    ).toBe(404)
  })
})

describe('unknown API paths', () => {
  it('answer 404 in the envelope, never the SPA', async () => {
    const res = await exports.default.fetch('http://modelport.test/api/v1/nothing/here')
    expect(res.status).toBe(404)
    expect(await json(res)).toMatchObject({ code: 404, error: { code: 'NOT_FOUND' } })
  })
})

describe('POST /api/v1/admin/*', () => {
  it('refuses callers without the operator token', async () => {
    const none = await request('/api/v1/admin/sync/tfhub', { method: 'POST' })
    expect(none.status).toBe(401)
    const wrong = await request('/api/v1/admin/sync/tfhub', {
      method: 'POST',
      headers: { authorization: 'Bearer nope' },
    })
    expect(wrong.status).toBe(401)
    expect(await json(wrong)).toMatchObject({ error: { code: 'UNAUTHORIZED' } })
  })

  it('lets the operator run the sync and list its runs', async () => {
    const headers = { authorization: `Bearer ${env.ADMIN_TOKEN}` }
    const run = await request('/api/v1/admin/sync/tfhub', { method: 'POST', headers })
    expect(run.status).toBe(200)
    expect(await json(run)).toMatchObject({ status: 'succeeded', filesChanged: 0 })
    const runs = await json<{ runs: { status: string }[] }>(
      await request('/api/v1/admin/sync/runs', { headers }),
    )
    expect(runs.runs.length).toBeGreaterThanOrEqual(2)
  })
})
