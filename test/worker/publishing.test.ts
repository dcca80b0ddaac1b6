// Publishing through the API as Kaggle's clients speak it (docs/publishing.md): the happy path
// of both generations, private visibility, and the resumable upload target.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import app from '../../worker/app'
import { json } from './helpers'
import { call } from './accounts-helpers'
import {
  bytesOf,
  createInstance,
  createModel,
  createVersion,
  makePublisher,
  put,
  probe,
  sha256Of,
  startUpload,
  uploadFile,
} from './publish-helpers'

describe('legacy publishing (kagglehub 0.3.13)', () => {
  it('creates a private model, a variation with files in folders, then version 2', async () => {
    const me = await makePublisher()
    const model = `${me.username}/tiny`
    expect(await createModel(me.auth, me.username, 'tiny')).toMatchObject({
      id: expect.any(Number),
      ref: model,
    })
    const a = bytesOf(1000, 1)
    const b = bytesOf(20, 2)
    const tokenA = await uploadFile(me.auth, 'weights.bin', a)
    const tokenB = await uploadFile(me.auth, 'config.json', b)
    const created = await createInstance(me.auth, model, {
      files: [{ token: tokenA }],
      directories: [{ name: 'sub', files: [{ token: tokenB }], directories: [] }],
    })
    expect(created).toMatchObject({ status: 200, body: { id: expect.any(Number) } })
    expect(created.body.error).toBeUndefined()

    const files = await call(`/api/v1/models/${model}/pyTorch/default/1/files`, {
      authorization: me.auth,
    })
    expect(files.status).toBe(200)
    const listed = await json(files)
    expect(listed.files.map((f: { name: string; sha256: string }) => [f.name, f.sha256])).toEqual([
      ['sub/config.json', await sha256Of(b)],
      ['weights.bin', await sha256Of(a)],
    ])

    const again = await createInstance(me.auth, model, { files: [{ token: tokenA }] })
    expect(again).toMatchObject({
      status: 200,
      body: { errorCode: 409, error: expect.any(String) },
    })
    const tokenC = await uploadFile(me.auth, 'weights.bin', bytesOf(10, 3))
    const v2 = await createVersion(me.auth, `${model}/pyTorch/default`, {
      files: [{ token: tokenC }],
    })
    expect(v2).toMatchObject({ status: 200, body: { ref: `${model}/pyTorch/default/2` } })
  })
})

describe('a variation derived from another', () => {
  it('records baseModelInstance by handle; an empty one is unset, an unknown or hidden one refused', async () => {
    const me = await makePublisher()
    const other = await makePublisher()
    const model = `${me.username}/derived`
    await createModel(me.auth, me.username, 'derived', false)
    await createModel(other.auth, other.username, 'hidden', true)
    const hiddenToken = await uploadFile(other.auth, 'w.bin', bytesOf(10, 4))
    await createInstance(other.auth, `${other.username}/hidden`, {
      files: [{ token: hiddenToken }],
    })

    const base = await createInstance(me.auth, model, {
      instanceSlug: 'base',
      baseModelInstance: '',
      files: [{ token: await uploadFile(me.auth, 'w.bin', bytesOf(10, 5)) }],
    })
    expect(base.body.error).toBeUndefined()
    for (const [handle, why] of [
      [`${model}/pyTorch/nope`, 'unknown'],
      [`${other.username}/hidden/pyTorch/default`, 'private to another user'],
      ['not-a-handle', 'malformed'],
    ]) {
      const refused = await createInstance(me.auth, model, {
        instanceSlug: 'tuned',
        baseModelInstance: handle,
        files: [{ token: await uploadFile(me.auth, 'w.bin', bytesOf(10, 6)) }],
      })
      expect(refused.body, why).toMatchObject({
        errorCode: 400,
        error: expect.stringMatching(/not found/),
      })
    }
    const tuned = await createInstance(me.auth, model, {
      instanceSlug: 'tuned',
      baseModelInstance: `${model}/PyTorch/base`,
      files: [{ token: await uploadFile(me.auth, 'w.bin', bytesOf(10, 7)) }],
    })
    expect(tuned.body.error).toBeUndefined()
    const got = await json(await call(`/api/v1/models/${model}/pyTorch/tuned/get`))
    expect(got).toMatchObject({
      modelInstanceType: 'MODEL_INSTANCE_TYPE_KAGGLE_VARIANT',
      baseModelInstance: { slug: 'base' },
    })
    const plain = await json(await call(`/api/v1/models/${model}/pyTorch/base/get`))
    expect(plain.modelInstanceType).toBe('MODEL_INSTANCE_TYPE_BASE_MODEL')
  })
})

describe('editing and deleting variations and versions (the CLI)', () => {
  const rpc = (auth: string, method: string, body: Record<string, unknown>) =>
    call(`/v1/models.ModelApiService/${method}`, { authorization: auth, body })

  it('updates a variation by the legacy path and RPC; absent fields stay; TF Hub models refused', async () => {
    const me = await makePublisher()
    const model = `${me.username}/editable`
    await createModel(me.auth, me.username, 'editable', false)
    await createInstance(me.auth, model, {
      overview: 'first',
      usage: 'use it',
      files: [{ token: await uploadFile(me.auth, 'w.bin', bytesOf(10, 11)) }],
    })
    const legacy = await call(`/api/v1/models/${model}/pyTorch/default/update`, {
      authorization: me.auth,
      body: { overview: 'second', fineTunable: 'true', licenseName: 'MIT' },
    })
    expect(await json(legacy)).toMatchObject({ ref: `${model}/pyTorch/default` })
    const key = {
      ownerSlug: me.username,
      modelSlug: 'editable',
      framework: 'MODEL_FRAMEWORK_PY_TORCH',
      instanceSlug: 'default',
    }
    const viaRpc = await rpc(me.auth, 'UpdateModelInstance', { ...key, usage: 'use it well' })
    expect((await json(viaRpc)).error).toBeUndefined()
    const got = await json(await call(`/api/v1/models/${model}/pyTorch/default/get`))
    expect(got).toMatchObject({ overview: 'second', usage: 'use it well', fineTunable: true })
    expect((await json(await call(`/api/v1/models/${model}/get`))).licenseName).toBe('MIT')
    for (const [body, why] of [
      [{ licenseName: 'no-such-licence' }, /licence/],
      [{ baseModelInstance: `${model}/pyTorch/default` }, /itself/],
      [{ baseModelInstance: `${model}/pyTorch/nope` }, /not found/],
    ] as const) {
      const refused = await rpc(me.auth, 'UpdateModelInstance', { ...key, ...body })
      expect(await json(refused)).toMatchObject({
        errorCode: 400,
        error: expect.stringMatching(why),
      })
    }
  })

  it('deletes versions (not the last one) and variations: their links answer 404, numbers are never reused', async () => {
    const me = await makePublisher()
    const model = `${me.username}/trimmed`
    await createModel(me.auth, me.username, 'trimmed', false)
    await createInstance(me.auth, model, {
      files: [{ token: await uploadFile(me.auth, 'w.bin', bytesOf(10, 12)) }],
    })
    await createVersion(me.auth, `${model}/pyTorch/default`, {
      files: [{ token: await uploadFile(me.auth, 'w.bin', bytesOf(10, 13)) }],
    })
    const file = (n: number) => call(`/api/v1/files/${model}/pyTorch/default/${n}/w.bin`)
    expect((await file(2)).status).toBe(200)

    const key = {
      ownerSlug: me.username,
      modelSlug: 'trimmed',
      framework: 'MODEL_FRAMEWORK_PY_TORCH',
      instanceSlug: 'default',
    }
    const gone = await rpc(me.auth, 'DeleteModelInstanceVersion', { ...key, versionNumber: 2 })
    expect(await json(gone)).toEqual({})
    expect((await file(2)).status).toBe(404)
    expect(
      (await json(await call(`/api/v1/models/${model}/pyTorch/default/get`))).versionNumber,
    ).toBe(1)
    const missing = await call(`/api/v1/models/${model}/pyTorch/default/2/delete`, {
      authorization: me.auth,
      body: {},
    })
    expect(await json(missing)).toMatchObject({ errorCode: 404 })
    const last = await call(`/api/v1/models/${model}/pyTorch/default/1/delete`, {
      authorization: me.auth,
      body: {},
    })
    expect(await json(last)).toMatchObject({
      errorCode: 400,
      error: expect.stringMatching(/only version/),
    })
    const v3 = await createVersion(me.auth, `${model}/pyTorch/default`, {
      files: [{ token: await uploadFile(me.auth, 'w.bin', bytesOf(10, 14)) }],
    })
    expect(v3.body.ref).toBe(`${model}/pyTorch/default/3`)

    const bad = await call(`/api/v1/models/${model}/pyTorch/default/x/delete`, {
      authorization: me.auth,
      body: {},
    })
    expect(await json(bad)).toMatchObject({ errorCode: 400 })

    expect(await json(await rpc(me.auth, 'DeleteModelInstance', key))).toEqual({})
    expect((await file(1)).status).toBe(404)
    expect((await call(`/api/v1/models/${model}/pyTorch/default/get`)).status).toBe(404)
    expect((await json(await call(`/api/v1/models/${model}/get`))).instances).toEqual([])
    // the slug is free again
    const again = await createInstance(me.auth, model, {
      files: [{ token: await uploadFile(me.auth, 'w.bin', bytesOf(10, 15)) }],
    })
    expect(again.body.error).toBeUndefined()
  })
})

describe('the upload target', () => {
  it('answers the probe with what is stored and resumes', async () => {
    const me = await makePublisher()
    const size = 8 * 1024 * 1024 * 2 + 123
    const bytes = bytesOf(size, 7)
    const started = await startUpload(me.auth, 'big.bin', size)
    let res = await probe(started.createUrl, size)
    expect(res.status).toBe(308)
    expect(res.headers.get('range')).toBeNull()
    // the first 9 MiB arrive, then the request ends: only the whole first part is kept
    res = await put(started.createUrl, bytes.subarray(0, 9 * 1024 * 1024), size)
    expect(res.status).toBe(308)
    res = await probe(started.createUrl, size)
    expect(res.status).toBe(308)
    expect(res.headers.get('range')).toBe(`bytes=0-${8 * 1024 * 1024 - 1}`)
    res = await put(started.createUrl, bytes.subarray(8 * 1024 * 1024), size, 8 * 1024 * 1024)
    expect(res.status, await res.clone().text()).toBe(200)
    res = await probe(started.createUrl, size)
    expect(res.status).toBe(200)
  })
})

describe('editing and deleting a model', () => {
  it('UpdateModel sets what is sent; an absent isPrivate makes the model public', async () => {
    const me = await makePublisher()
    await createModel(me.auth, me.username, 'edited')
    const res = await call('/v1/models.ModelApiService/UpdateModel', {
      authorization: me.auth,
      body: { ownerSlug: me.username, modelSlug: 'edited', title: 'Edited', subtitle: 'Small' },
    })
    expect(res.status).toBe(200)
    expect(await json(res)).toMatchObject({ id: expect.any(Number), ref: `${me.username}/edited` })
    const got = await json(await call(`/api/v1/models/${me.username}/edited/get`))
    expect(got).toMatchObject({ title: 'Edited', subtitle: 'Small', isPrivate: false })
  })

  it('DeleteModel: every link to it answers 404, and the slug is free again', async () => {
    const me = await makePublisher()
    await createModel(me.auth, me.username, 'gone', false)
    const token = await uploadFile(me.auth, 'a.bin', bytesOf(10))
    await createInstance(me.auth, `${me.username}/gone`, { files: [{ token }] })
    const handle = `${me.username}/gone/pyTorch/default/1`
    const file = await call(`/api/v1/files/${handle}/a.bin`)
    expect(file.status).toBe(200)
    const res = await call(`/api/v1/models/${me.username}/gone/delete`, {
      authorization: me.auth,
      body: {},
    })
    expect(res.status).toBe(200)
    expect(await json(res)).toEqual({})
    for (const path of [
      `/api/v1/models/${me.username}/gone/get`,
      `/api/v1/models/${handle}/files`,
      `/api/v1/models/${handle}/download/a.bin`,
      `/api/v1/files/${handle}/a.bin`,
      `/api/v1/archives/${handle}`,
    ])
      expect((await call(path, { authorization: me.auth })).status, path).toBe(404)
    expect(await createModel(me.auth, me.username, 'gone')).toMatchObject({
      id: expect.any(Number),
    })
  })
})

describe("the kaggle CLI's upload form", () => {
  it('a whole file without Content-Range, and an empty file with no length declared', async () => {
    const me = await makePublisher()
    await createModel(me.auth, me.username, 'cli')
    const bytes = bytesOf(300, 4)
    const whole = await startUpload(me.auth, 'w.bin', bytes.length)
    const res = await call(new URL(whole.createUrl).pathname, { method: 'PUT', raw: bytes })
    expect(res.status).toBe(200)
    // StartBlobUpload omits contentLength when it is 0
    const started = await call('/v1/blobs.BlobApiService/StartBlobUpload', {
      authorization: me.auth,
      body: { type: 'MODEL', name: 'empty.txt' },
    })
    expect(started.status).toBe(200)
    const empty = await json(started)
    const stream = new ReadableStream({ start: (controller) => controller.close() })
    const put = await app.request(
      `https://modelport.test${new URL(empty.createUrl).pathname}`,
      { method: 'PUT', body: stream, duplex: 'half' } as RequestInit,
      env,
    )
    expect(put.status).toBe(200)
    const created = await call('/v1/models.ModelApiService/CreateModelInstance', {
      authorization: me.auth,
      body: {
        ownerSlug: me.username,
        modelSlug: 'cli',
        body: {
          framework: 'MODEL_FRAMEWORK_ONNX',
          instanceSlug: 'default',
          modelInstanceType: 'MODEL_INSTANCE_TYPE_UNSPECIFIED',
          baseModelInstance: '',
          externalBaseModelUrl: '',
          files: [{ token: whole.token }, { token: empty.token }],
        },
      },
    })
    expect(await json(created)).toMatchObject({ id: expect.any(Number) })
    const files = await json(
      await call(`/api/v1/models/${me.username}/cli/onnx/default/1/files`, {
        authorization: me.auth,
      }),
    )
    expect(files.files.map((f: { name: string; size: number }) => [f.name, f.size])).toEqual([
      ['empty.txt', 0],
      ['w.bin', 300],
    ])
  })
})
