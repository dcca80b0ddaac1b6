// Kaggle's RPC generation, replayed with the request bodies of the wire contract
// (../shared/docs/KAGGLE-API.md §10) under both path shapes, /v1 and /api/v1: one test per
// method, the download redirects followed to the bytes, private models, and the errors.
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import app from '../../worker/app'
import { models, variations } from '../../db/schema'
import { readTar } from '../../worker/lib/tar'
import { putBlob } from '../../worker/services/blob-store'
import { contentTypeOf, publishVersion } from '../../worker/services/publish-version'
import { basic, bearer, makeLegacyKey, makeToken, makeUser, origin } from './accounts-helpers'
import { db } from './helpers'

const prefixes = ['/v1', '/api/v1'] as const
const service = 'models.ModelApiService'

const encoder = new TextEncoder()
const tinyBert = {
  1: { 'config.json': '{"hidden_size": 4}\n' },
  2: {
    'config.json': '{"hidden_size": 8}\n',
    'model.bin': '0123456789',
    'sub/dir/notes.txt': 'hello\n',
    'my file.txt': 'x',
  },
} as Record<number, Record<string, string>>
const manyFiles: Record<string, string> = Object.fromEntries([
  ...Array.from({ length: 30 }, (_, i) => {
    const name = `f${String(i + 1).padStart(2, '0')}.txt`
    return [name, `file ${name}\n`]
  }),
  ['nested/a.txt', 'nested\n'],
])

async function digest(text: string) {
  const hash = await crypto.subtle.digest('SHA-256', encoder.encode(text))
  return [...new Uint8Array(hash)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

/** A model of `ownerId` with one variation and these versions, published with their bytes in R2. */
async function publishModel(
  ownerId: number,
  slug: string,
  framework: string,
  versions: Record<number, Record<string, string>>,
  options: { isPrivate?: boolean; title?: string } = {},
) {
  const [model] = await db()
    .insert(models)
    .values({
      ownerId,
      slug,
      title: options.title ?? slug,
      licenseId: 'apache-2.0',
      isPrivate: options.isPrivate ?? false,
      provenance: 'community',
    })
    .returning({ id: models.id })
  const [variation] = await db()
    .insert(variations)
    .values({ modelId: model!.id, framework, slug: 'default', overview: `${slug} overview` })
    .returning({ id: variations.id })
  for (const [number, files] of Object.entries(versions)) {
    const rows = []
    for (const [path, text] of Object.entries(files)) {
      const blob = await putBlob(
        env.BUCKET,
        await digest(text),
        encoder.encode(text).length,
        async () => new Blob([text]).stream(),
      )
      rows.push({ path, ...blob, r2Key: blob.key, contentType: contentTypeOf(path) })
    }
    await publishVersion(db(), env.BUCKET, {
      variationId: variation!.id,
      number: Number(number),
      notes: `notes ${number}`,
      files: rows,
    })
  }
}

let alice: { username: string; basic: string; bearer: string }
let bob: { basic: string }

beforeAll(async () => {
  const user = await makeUser({ username: 'alice' })
  alice = {
    username: user.username,
    basic: basic('alice', await makeLegacyKey(user.id)),
    bearer: bearer(await makeToken(user.id, ['read'])),
  }
  const other = await makeUser({ username: 'bob' })
  bob = { basic: basic('bob', await makeLegacyKey(other.id)) }
  await publishModel(user.ownerId, 'tiny-bert', 'pyTorch', tinyBert)
  await publishModel(user.ownerId, 'bert-mini', 'pyTorch', { 1: { 'w.bin': 'mini' } })
  await publishModel(user.ownerId, 'many', 'keras', { 1: manyFiles })
  await publishModel(
    user.ownerId,
    'secret-model',
    'jax',
    { 1: { 'w.bin': 'secret' } },
    {
      isPrivate: true,
    },
  )
})

/** One RPC as kagglesdk sends it (H2): JSON body, kagglehub's User-Agent unless told otherwise. */
function rpc(
  prefix: string,
  method: string,
  body: unknown,
  options: { authorization?: string; userAgent?: string; raw?: string } = {},
) {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: '*/*',
    'accept-encoding': 'gzip, deflate',
    'user-agent': options.userAgent ?? 'kagglehub/1.0.1',
  }
  if (options.authorization) headers.authorization = options.authorization
  const name = method.includes('/') ? method : `${service}/${method}`
  return app.request(
    `${origin}${prefix}/${name}`,
    { method: 'POST', headers, body: options.raw ?? JSON.stringify(body) },
    env,
  )
}

/** H5: a JSON object, recursively without null; on 2xx no top-level `code`; enums by exact name. */
async function kaggleJson<T = any>(res: Response, status = 200): Promise<T> {
  expect(res.status, await res.clone().text()).toBe(status)
  expect(res.headers.get('content-type')).toMatch(/application\/json/)
  expect(res.headers.get('x-kaggle-hubversion')).toBeNull()
  expect(res.headers.get('x-kaggle-apiversion')).toBeNull()
  const body = (await res.json()) as any
  expect(typeof body === 'object' && body !== null && !Array.isArray(body)).toBe(true)
  const walk = (value: unknown, key: string) => {
    expect(value, `${key} is null`).not.toBeNull()
    if (key.endsWith('framework')) expect(value).toMatch(/^MODEL_FRAMEWORK_[A-Z0-9_]+$/)
    if (/(Time|Date)$/.test(key))
      expect(value).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/)
    if (value && typeof value === 'object')
      for (const [k, v] of Object.entries(value)) walk(v, `${key}.${k}`)
  }
  walk(body, '')
  if (status < 300) {
    expect(body).not.toHaveProperty('code')
    expect(body.error ?? '').toBe('')
  } else {
    // H7: the envelope Kaggle's clients read
    expect(body).toMatchObject({ code: status, message: expect.any(String) })
  }
  return body as T
}

/** H4: a 302 with an absolute Location, followed with GET as Python's requests does. */
async function follow(res: Response, authorization?: string) {
  expect(res.status, await res.clone().text()).toBe(302)
  const location = res.headers.get('location')!
  expect(location).toMatch(/^https?:\/\//)
  const headers: Record<string, string> = {
    'user-agent': 'kagglehub/1.0.1',
    accept: '*/*',
    'accept-encoding': 'gzip, deflate',
  }
  if (authorization && new URL(location).origin === origin) headers.authorization = authorization
  return { location, response: await app.request(location, { headers }, env) }
}

/** H6: the headers of a file answer. */
function expectFileHeaders(res: Response, size: number) {
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).not.toMatch(/application\/json/)
  expect(res.headers.get('content-encoding')).toBeNull()
  expect(res.headers.get('content-length')).toBe(String(size))
  expect(res.headers.get('accept-ranges')).toBe('bytes')
  expect(res.headers.get('last-modified')).toMatch(
    /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/,
  )
}

const tinyBertKey = {
  ownerSlug: 'alice',
  modelSlug: 'tiny-bert',
  framework: 'MODEL_FRAMEWORK_PY_TORCH',
  instanceSlug: 'default',
}

describe.each(prefixes)('under %s', (P) => {
  describe('GetModelInstance', () => {
    it('A1/A5: answers the latest version for alice and for anyone', async () => {
      for (const authorization of [alice.basic, undefined]) {
        const body = await kaggleJson(
          await rpc(
            P,
            'GetModelInstance',
            {
              ownerSlug: 'alice',
              modelSlug: 'tiny-bert',
              framework: 'MODEL_FRAMEWORK_PY_TORCH',
              instanceSlug: 'default',
            },
            { authorization },
          ),
        )
        expect(body).toMatchObject({
          versionNumber: 2,
          framework: 'MODEL_FRAMEWORK_PY_TORCH',
          slug: 'default',
          licenseName: 'Apache 2.0',
        })
        expect(typeof body.versionId).toBe('number')
      }
    })

    it('A6/Q3: another or an unknown framework is 404', async () => {
      for (const framework of ['MODEL_FRAMEWORK_TENSOR_FLOW_2', 'MODEL_FRAMEWORK_FOO']) {
        const res = await rpc(
          P,
          'GetModelInstance',
          { ...tinyBertKey, framework },
          {
            authorization: alice.basic,
          },
        )
        await kaggleJson(res, 404)
      }
    })

    it('C1: the many-files model', async () => {
      const body = await kaggleJson(
        await rpc(P, 'GetModelInstance', {
          ownerSlug: 'alice',
          modelSlug: 'many',
          framework: 'MODEL_FRAMEWORK_KERAS',
          instanceSlug: 'default',
        }),
      )
      expect(body.versionNumber).toBe(1)
    })

    it('E1-E4: a private model is 404 to anyone but its owner (Basic or Bearer)', async () => {
      const body = {
        ownerSlug: 'alice',
        modelSlug: 'secret-model',
        framework: 'MODEL_FRAMEWORK_JAX',
        instanceSlug: 'default',
      }
      await kaggleJson(await rpc(P, 'GetModelInstance', body), 404)
      await kaggleJson(
        await rpc(P, 'GetModelInstance', body, { authorization: basic('bob', 'wrong') }),
        401,
      )
      await kaggleJson(await rpc(P, 'GetModelInstance', body, { authorization: bob.basic }), 404)
      for (const authorization of [alice.basic, alice.bearer]) {
        const found = await kaggleJson(await rpc(P, 'GetModelInstance', body, { authorization }))
        expect(found.versionNumber).toBe(1)
      }
    })
  })

  describe('ListModelInstanceVersionFiles', () => {
    it('A2: lists the version with sizes and an empty nextPageToken', async () => {
      const body = await kaggleJson(
        await rpc(
          P,
          'ListModelInstanceVersionFiles',
          {
            ownerSlug: 'alice',
            modelSlug: 'tiny-bert',
            instanceSlug: 'default',
            framework: 'MODEL_FRAMEWORK_PY_TORCH',
            versionNumber: 2,
            pageSize: 25,
          },
          { authorization: alice.basic },
        ),
      )
      expect(Object.fromEntries(body.files.map((f: any) => [f.name, f.size]))).toEqual(
        Object.fromEntries(Object.entries(tinyBert[2]!).map(([n, t]) => [n, t.length])),
      )
      expect(body.nextPageToken ?? '').toBe('')
    })

    it('C2/C3: pages through 31 files with a token, no name twice', async () => {
      const request = {
        ownerSlug: 'alice',
        modelSlug: 'many',
        instanceSlug: 'default',
        framework: 'MODEL_FRAMEWORK_KERAS',
        versionNumber: 1,
        pageSize: 25,
      }
      const first = await kaggleJson(await rpc(P, 'ListModelInstanceVersionFiles', request))
      expect(first.files.length).toBeLessThanOrEqual(25)
      expect(first.nextPageToken).toMatch(/.+/)
      const second = await kaggleJson(
        await rpc(P, 'ListModelInstanceVersionFiles', {
          ...request,
          pageToken: first.nextPageToken,
        }),
      )
      expect(second.nextPageToken ?? '').toBe('')
      const names = [...first.files, ...second.files].map((f: any) => f.name)
      expect(names.length).toBe(31)
      expect(new Set(names)).toEqual(new Set(Object.keys(manyFiles)))
    })

    it('C7/N7: without versionNumber the latest version; with 1, version 1', async () => {
      const latest = await kaggleJson(
        await rpc(
          P,
          'ListModelInstanceVersionFiles',
          {
            ownerSlug: 'alice',
            modelSlug: 'tiny-bert',
            instanceSlug: 'default',
            framework: 'MODEL_FRAMEWORK_PY_TORCH',
            pageSize: 20,
          },
          { userAgent: '' },
        ),
      )
      expect(latest.files.map((f: any) => f.name).sort()).toEqual(Object.keys(tinyBert[2]!).sort())
      const first = await kaggleJson(
        await rpc(
          P,
          'ListModelInstanceVersionFiles',
          { ...tinyBertKey, versionNumber: 1, pageSize: 20 },
          { userAgent: '', authorization: alice.bearer },
        ),
      )
      expect(first.files.map((f: any) => f.name)).toEqual(['config.json'])
    })
  })

  describe('DownloadModelInstanceVersion', () => {
    it('A3/A4/A5: four files concurrently, each a 302 to its bytes, with and without auth', async () => {
      for (const authorization of [alice.basic, undefined]) {
        const answers = await Promise.all(
          Object.keys(tinyBert[2]!).map((path) =>
            rpc(
              P,
              'DownloadModelInstanceVersion',
              { ...tinyBertKey, versionNumber: 2, path },
              {
                authorization,
              },
            ),
          ),
        )
        for (const [i, text] of Object.values(tinyBert[2]!).entries()) {
          const { response } = await follow(answers[i]!, authorization)
          expectFileHeaders(response, text.length)
          expect(await response.text()).toBe(text)
        }
      }
    })

    it('B1/B2: one path of version 1; the target is never <name>.zip', async () => {
      const { location, response } = await follow(
        await rpc(P, 'DownloadModelInstanceVersion', {
          ownerSlug: 'alice',
          modelSlug: 'tiny-bert',
          framework: 'MODEL_FRAMEWORK_PY_TORCH',
          instanceSlug: 'default',
          versionNumber: 1,
          path: 'config.json',
        }),
      )
      expect(location.split('/').pop()).not.toBe('config.json.zip')
      expectFileHeaders(response, 19)
      expect(await response.text()).toBe('{"hidden_size": 4}\n')
    })

    it('B3/B4: an unknown path or version is 404', async () => {
      const body = { ...tinyBertKey, versionNumber: 1, path: 'config.json' }
      await kaggleJson(
        await rpc(P, 'DownloadModelInstanceVersion', { ...body, path: 'nope.txt' }),
        404,
      )
      await kaggleJson(
        await rpc(P, 'DownloadModelInstanceVersion', { ...body, versionNumber: 9 }),
        404,
      )
    })

    it('C4/C5/N8: without path, a 302 to a tar.gz holding exactly the version files', async () => {
      const { response } = await follow(
        await rpc(P, 'DownloadModelInstanceVersion', {
          ownerSlug: 'alice',
          modelSlug: 'many',
          framework: 'MODEL_FRAMEWORK_KERAS',
          instanceSlug: 'default',
          versionNumber: 1,
        }),
      )
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).not.toMatch(/json/)
      const { entries } = readTar(response.body!.pipeThrough(new DecompressionStream('gzip')))
      const got: Record<string, string> = {}
      for await (const entry of entries) got[entry.path] = await new Response(entry.body).text()
      expect(got).toEqual(manyFiles)
    })

    it('without versionNumber, the latest version', async () => {
      const { location } = await follow(
        await rpc(P, 'DownloadModelInstanceVersion', { ...tinyBertKey, path: 'model.bin' }),
      )
      expect(location).toBe(`${origin}/api/v1/files/alice/tiny-bert/pyTorch/default/2/model.bin`)
    })

    it("E5: the owner's download of a private model redirects", async () => {
      const body = {
        ownerSlug: 'alice',
        modelSlug: 'secret-model',
        framework: 'MODEL_FRAMEWORK_JAX',
        instanceSlug: 'default',
        versionNumber: 1,
        path: 'w.bin',
      }
      await kaggleJson(await rpc(P, 'DownloadModelInstanceVersion', body), 404)
      const res = await rpc(P, 'DownloadModelInstanceVersion', body, {
        authorization: alice.basic,
      })
      expect(res.status).toBe(302)
    })
  })

  describe('GetModel', () => {
    it('N3: ApiModel with ref owner/slug', async () => {
      const body = await kaggleJson(
        await rpc(
          P,
          'GetModel',
          { ownerSlug: 'alice', modelSlug: 'tiny-bert' },
          { userAgent: '', authorization: alice.basic },
        ),
      )
      expect(body).toMatchObject({ ref: 'alice/tiny-bert', isPrivate: false, title: 'tiny-bert' })
      expect(body.id).toBeGreaterThan(0)
    })

    it('a private model: its owner sees it, anyone else gets 404 (the upload pre-check)', async () => {
      const request = { ownerSlug: 'alice', modelSlug: 'secret-model' }
      const own = await kaggleJson(
        await rpc(P, 'GetModel', request, { authorization: alice.bearer }),
      )
      expect(own).toMatchObject({ ref: 'alice/secret-model', isPrivate: true })
      await kaggleJson(await rpc(P, 'GetModel', request), 404)
      await kaggleJson(await rpc(P, 'GetModel', request, { authorization: bob.basic }), 404)
      await kaggleJson(await rpc(P, 'GetModel', { ownerSlug: 'alice', modelSlug: 'nope' }), 404)
    })
  })

  describe('ListModels', () => {
    it('N1: the CLI default list', async () => {
      const body = await kaggleJson(
        await rpc(
          P,
          'ListModels',
          { search: '', sortBy: 'LIST_MODELS_ORDER_BY_HOTNESS', owner: '', pageSize: 20 },
          { userAgent: '', authorization: alice.basic },
        ),
      )
      expect(Array.isArray(body.models)).toBe(true)
      expect(body.models.length).toBeGreaterThan(0)
      for (const model of body.models) expect(model.ref).toMatch(/^[^/]+\/[^/]+$/)
      expect(typeof body.nextPageToken).toBe('string')
      expect(typeof body.totalResults).toBe('number')
      // public models only: the private one is not listed
      expect(body.models.map((m: any) => m.ref)).not.toContain('alice/secret-model')
    })

    it('N2: search, sort, owner and pages of one', async () => {
      const request = {
        search: 'bert',
        sortBy: 'LIST_MODELS_ORDER_BY_DOWNLOAD_COUNT',
        owner: 'alice',
        pageSize: 1,
      }
      const first = await kaggleJson(
        await rpc(P, 'ListModels', request, { userAgent: '', authorization: alice.basic }),
      )
      expect(first.models).toHaveLength(1)
      expect(first.totalResults).toBe(2)
      expect(first.nextPageToken).toMatch(/.+/)
      const second = await kaggleJson(
        await rpc(P, 'ListModels', { ...request, pageToken: first.nextPageToken }),
      )
      expect(second.models).toHaveLength(1)
      expect(second.nextPageToken).toBe('')
      expect(new Set([first.models[0].ref, second.models[0].ref])).toEqual(
        new Set(['alice/tiny-bert', 'alice/bert-mini']),
      )
    })

    it('clamps pageSize above 100 and defaults a missing one; a bad sort is 400', async () => {
      const big = await kaggleJson(await rpc(P, 'ListModels', { pageSize: 500 }))
      expect(big.models.length).toBeLessThanOrEqual(100)
      const none = await kaggleJson(await rpc(P, 'ListModels', {}))
      expect(none.models.length).toBeLessThanOrEqual(20)
      await kaggleJson(await rpc(P, 'ListModels', { sortBy: 'LIST_MODELS_ORDER_BY_BOGUS' }), 400)
    })
  })

  describe('ListModelInstances', () => {
    it('N5: the variations with their latest version and its notes', async () => {
      const body = await kaggleJson(
        await rpc(
          P,
          'ListModelInstances',
          { ownerSlug: 'alice', modelSlug: 'tiny-bert', pageSize: 20 },
          { userAgent: '', authorization: alice.basic },
        ),
      )
      expect(body.instances).toEqual([
        expect.objectContaining({
          slug: 'default',
          versionNumber: 2,
          versionNotes: 'notes 2',
          framework: 'MODEL_FRAMEWORK_PY_TORCH',
          totalUncompressedBytes: 19 + 10 + 6 + 1,
        }),
      ])
      expect(body.nextPageToken).toBe('')
    })
  })

  describe('ListModelInstanceVersions', () => {
    it('N6: versions 1 and 2 of the variation, newest first, in pages', async () => {
      const request = {
        ownerSlug: 'alice',
        modelSlug: 'tiny-bert',
        instanceSlug: 'default',
        framework: 'MODEL_FRAMEWORK_PY_TORCH',
        pageSize: 20,
      }
      const body = await kaggleJson(
        await rpc(P, 'ListModelInstanceVersions', request, {
          userAgent: '',
          authorization: alice.basic,
        }),
      )
      expect(body.versionList.versions).toEqual([
        expect.objectContaining({ versionNumber: 2, variationSlug: 'default', isPrivate: false }),
        expect.objectContaining({
          versionNumber: 1,
          variationSlug: 'default',
          modelTitle: 'tiny-bert',
        }),
      ])
      expect(body.nextPageToken).toBe('')
      const first = await kaggleJson(
        await rpc(P, 'ListModelInstanceVersions', { ...request, pageSize: 1 }),
      )
      expect(first.versionList.versions.map((v: any) => v.versionNumber)).toEqual([2])
      const second = await kaggleJson(
        await rpc(P, 'ListModelInstanceVersions', {
          ...request,
          pageSize: 1,
          pageToken: first.nextPageToken,
        }),
      )
      expect(second.versionList.versions.map((v: any) => v.versionNumber)).toEqual([1])
    })
  })

  describe('identity methods in the same table', () => {
    it('P1/P3: Hello', async () => {
      const body = await kaggleJson(
        await rpc(P, 'api.v1.DiagnosticsService/Hello', {}, { authorization: alice.basic }),
      )
      expect(body).toEqual({ userName: 'alice' })
      await kaggleJson(
        await rpc(
          P,
          'api.v1.DiagnosticsService/Hello',
          {},
          { authorization: 'Basic Ym9iOndyb25n' },
        ),
        401,
      )
    })

    it('P5: IntrospectToken of an unknown token is inactive, never 401', async () => {
      const body = await kaggleJson(
        await rpc(
          P,
          'security.OAuthService/IntrospectToken',
          { token: 'nope' },
          {
            authorization: 'Bearer nope',
          },
        ),
      )
      expect(body).toEqual({ active: false })
    })
  })

  describe('errors', () => {
    it('Q1: an unknown method is 404 JSON', async () => {
      await kaggleJson(await rpc(P, 'NoSuchMethod', {}), 404)
      await kaggleJson(await rpc(P, 'other.Service/GetModel', {}), 404)
    })

    it('Q2: a body that is not a JSON object is 400', async () => {
      for (const raw of ['{not json', '[]', '"x"', 'null']) {
        await kaggleJson(await rpc(P, 'GetModelInstance', undefined, { raw }), 400)
      }
    })

    it('a missing identifier or a bad value is 400 naming it', async () => {
      const missing = await kaggleJson(
        await rpc(P, 'GetModelInstance', { ownerSlug: 'alice', framework: 'x' }),
        400,
      )
      expect(missing.error.issues.map((i: any) => i.path)).toEqual(['modelSlug', 'instanceSlug'])
      const bad = await kaggleJson(
        await rpc(P, 'ListModelInstanceVersionFiles', { ...tinyBertKey, versionNumber: -1 }),
        400,
      )
      expect(bad.error.issues[0].path).toBe('versionNumber')
      await kaggleJson(
        await rpc(P, 'ListModelInstanceVersionFiles', { ...tinyBertKey, pageToken: 'bogus' }),
        400,
      )
    })

    it('defaults for missing keys, null as missing, unknown keys ignored, int64 as a string', async () => {
      const body = await kaggleJson(
        await rpc(P, 'ListModelInstanceVersionFiles', {
          ...tinyBertKey,
          versionNumber: '1',
          pageToken: null,
          somethingNew: { x: 1 },
        }),
      )
      expect(body.files.map((f: any) => f.name)).toEqual(['config.json'])
      // an empty body is {}: identifiers missing
      await kaggleJson(await rpc(P, 'GetModel', undefined, { raw: '' }), 400)
    })

    it('another HTTP method on a known method is 405 with Allow: POST', async () => {
      for (const method of ['GET', 'PUT', 'DELETE']) {
        const res = await app.request(`${origin}${P}/${service}/GetModel`, { method }, env)
        await kaggleJson(res, 405)
        expect(res.headers.get('allow')).toBe('POST')
      }
      await kaggleJson(await app.request(`${origin}${P}/${service}/Nope`, {}, env), 404)
    })

    it('a body over 64 KiB is 413', async () => {
      const res = await rpc(P, 'GetModel', { ownerSlug: 'alice', pad: 'x'.repeat(70_000) })
      await kaggleJson(res, 413)
    })
  })
})

it('the real Worker entry serves /v1 RPC (run_worker_first)', async () => {
  const { exports } = await import('cloudflare:workers')
  const res = await (exports as any).default.fetch(`${origin}/v1/${service}/GetModelInstance`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(tinyBertKey),
  })
  expect((await kaggleJson(res)).versionNumber).toBe(2)
})
