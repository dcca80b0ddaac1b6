// Bad input to publishing gets a clear error and stores nothing (docs/publishing.md): sizes and
// hashes that do not match, unsafe names, bytes past the declared length, tokens reused or of
// another user, someone else's model, the quota; and a private model stays invisible to others.
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
  probe,
  put,
  sha256Of,
  startUpload,
  uploadFile,
} from './publish-helpers'

const tokenState = (token: string) =>
  env.DB.prepare('select status, received_bytes from upload_sessions where token = ?')
    .bind(token)
    .first<{ status: string; received_bytes: number }>()

describe('the upload target refuses', () => {
  it('a Content-Range total other than the declared length', async () => {
    const me = await makePublisher()
    const started = await startUpload(me.auth, 'a.bin', 10)
    const res = await put(started.createUrl, bytesOf(12), 12)
    expect(res.status).toBe(400)
    expect(await json(res)).toMatchObject({ code: 400, message: expect.stringMatching(/10 bytes/) })
    expect(await tokenState(started.token)).toMatchObject({ status: 'open', received_bytes: 0 })
  })

  it('bytes past the declared length, and drops the upload', async () => {
    const me = await makePublisher()
    const started = await startUpload(me.auth, 'a.bin', 10)
    const res = await call(new URL(started.createUrl).pathname, {
      method: 'PUT',
      raw: bytesOf(11),
    })
    expect(res.status).toBe(400)
    expect(await json(res)).toMatchObject({ message: expect.stringMatching(/past the declared/) })
    expect(await tokenState(started.token)).toMatchObject({ status: 'aborted' })
    expect((await probe(started.createUrl, 10)).status).toBe(404)
  })

  it('bytes whose sha256 is not the declared one, and stores nothing', async () => {
    const me = await makePublisher()
    const bytes = bytesOf(100)
    const started = await startUpload(me.auth, 'a.bin', 100, {
      sha256: await sha256Of(bytesOf(99)),
    })
    const res = await put(started.createUrl, bytes, 100)
    expect(res.status).toBe(400)
    expect(await json(res)).toMatchObject({ message: expect.stringMatching(/sha256/) })
    expect(await env.BUCKET.head(`uploads/${started.token}`)).toBeNull()
    expect(await tokenState(started.token)).toMatchObject({ status: 'aborted' })
  })

  it('an unknown token', async () => {
    const res = await call('/api/v1/uploads/nope', { method: 'PUT', raw: bytesOf(3) })
    expect(res.status).toBe(404)
  })

  it('a short body as incomplete: 308, and the file is not usable', async () => {
    const me = await makePublisher()
    await createModel(me.auth, me.username, 'short')
    const started = await startUpload(me.auth, 'a.bin', 100)
    const res = await call(new URL(started.createUrl).pathname, { method: 'PUT', raw: bytesOf(60) })
    expect(res.status).toBe(308)
    const created = await createInstance(me.auth, `${me.username}/short`, {
      files: [{ token: started.token }],
    })
    expect(created.body).toMatchObject({
      error: expect.stringMatching(/unfinished/),
      errorCode: 400,
    })
  })
})

describe('starting an upload refuses', () => {
  it.each([
    ['../up.bin', /unsafe|segment/],
    ['a/b.bin', /one path segment/],
    ['back\\slash.bin', /unsafe/],
    ['ctl\u0007.bin', /unsafe/],
  ])('the name %j', async (name, message) => {
    const me = await makePublisher()
    const res = await call('/api/v1/blobs/upload', {
      authorization: me.auth,
      body: { name, contentLength: 3 },
    })
    expect(res.status).toBe(400)
    expect(await json(res)).toMatchObject({ code: 400, message: expect.stringMatching(message) })
  })

  it('a file over the size limit, and a user over the quota', async () => {
    const me = await makePublisher()
    const GiB = 1024 ** 3
    let res = await call('/api/v1/blobs/upload', {
      authorization: me.auth,
      body: { name: 'huge.bin', contentLength: 20 * GiB + 1 },
    })
    expect(res.status).toBe(413)
    for (let i = 0; i < 5; i++) await startUpload(me.auth, `f${i}.bin`, 20 * GiB)
    res = await call('/api/v1/blobs/upload', {
      authorization: me.auth,
      body: { name: 'more.bin', contentLength: 1 },
    })
    expect(res.status).toBe(413)
    expect(await json(res)).toMatchObject({ message: expect.stringMatching(/quota/) })
  })

  it('an anonymous caller', async () => {
    const res = await call('/api/v1/blobs/upload', { body: { name: 'a.bin', contentLength: 3 } })
    expect(res.status).toBe(401)
  })
})

describe('the create calls refuse, as 200 {error, errorCode}, and write nothing', () => {
  it('a token used before', async () => {
    const me = await makePublisher()
    await createModel(me.auth, me.username, 'reuse')
    const token = await uploadFile(me.auth, 'a.bin', bytesOf(5))
    expect(
      (await createInstance(me.auth, `${me.username}/reuse`, { files: [{ token }] })).body,
    ).toMatchObject({ id: expect.any(Number) })
    const again = await createVersion(me.auth, `${me.username}/reuse/pyTorch/default`, {
      files: [{ token }],
    })
    expect(again).toMatchObject({
      status: 200,
      body: { error: expect.stringMatching(/already used/) },
    })
  })

  it("another user's token", async () => {
    const me = await makePublisher()
    const other = await makePublisher()
    await createModel(me.auth, me.username, 'theirs')
    const token = await uploadFile(other.auth, 'a.bin', bytesOf(5))
    const created = await createInstance(me.auth, `${me.username}/theirs`, { files: [{ token }] })
    expect(created.body).toMatchObject({
      error: expect.stringMatching(/not yours/),
      errorCode: 400,
    })
    const variations = await env.DB.prepare(
      "select count(*) as n from variations v join models m on m.id = v.model_id where m.slug = 'theirs'",
    ).first<{ n: number }>()
    expect(variations!.n).toBe(0)
  })

  it.each([
    ['..', /unsafe/],
    ['a\u202eb', /unsafe/],
  ])('a folder named %j', async (name, message) => {
    const me = await makePublisher()
    await createModel(me.auth, me.username, `dir${Math.random().toString(36).slice(2, 8)}`)
    const [model] = (
      await env.DB.prepare(
        'select m.slug from models m join owners o on o.id = m.owner_id where o.slug = ? order by m.id desc limit 1',
      )
        .bind(me.username)
        .all<{ slug: string }>()
    ).results
    const token = await uploadFile(me.auth, 'a.bin', bytesOf(5))
    const created = await createInstance(me.auth, `${me.username}/${model!.slug}`, {
      files: [],
      directories: [{ name, files: [{ token }] }],
    })
    expect(created.body).toMatchObject({ error: expect.stringMatching(message), errorCode: 400 })
    expect(await tokenState(token)).toMatchObject({ status: 'complete' })
  })

  it('two files whose names are twins', async () => {
    const me = await makePublisher()
    await createModel(me.auth, me.username, 'twins')
    const a = await uploadFile(me.auth, 'File.bin', bytesOf(5))
    // U+FB01 LATIN SMALL LIGATURE FI: "ﬁle.bin" is "file.bin" once compatibility-normalized
    const b = await uploadFile(me.auth, '\ufb01le.bin', bytesOf(6))
    const created = await createInstance(me.auth, `${me.username}/twins`, {
      files: [{ token: a }, { token: b }],
    })
    expect(created.body).toMatchObject({
      error: expect.stringMatching(/same name/),
      errorCode: 400,
    })
  })

  it('an unknown framework or licence', async () => {
    const me = await makePublisher()
    await createModel(me.auth, me.username, 'fw')
    const token = await uploadFile(me.auth, 'a.bin', bytesOf(5))
    expect(
      (
        await createInstance(me.auth, `${me.username}/fw`, {
          framework: 'cobol',
          files: [{ token }],
        })
      ).body,
    ).toMatchObject({ errorCode: 400 })
    expect(
      (
        await createInstance(me.auth, `${me.username}/fw`, {
          licenseName: 'Mine',
          files: [{ token }],
        })
      ).body,
    ).toMatchObject({ errorCode: 400, error: expect.stringMatching(/licence/) })
  })

  it('a model that exists', async () => {
    const me = await makePublisher()
    await createModel(me.auth, me.username, 'twice')
    expect(await createModel(me.auth, me.username, 'twice')).toMatchObject({ errorCode: 409 })
  })

  it("someone else's model: 403 when public, 404 when private", async () => {
    const me = await makePublisher()
    const other = await makePublisher()
    await createModel(me.auth, me.username, 'public-one', false)
    await createModel(me.auth, me.username, 'private-one', true)
    const token = await uploadFile(other.auth, 'a.bin', bytesOf(5))
    const open = await createInstance(other.auth, `${me.username}/public-one`, {
      files: [{ token }],
    })
    expect(open.status).toBe(403)
    const hidden = await createInstance(other.auth, `${me.username}/private-one`, {
      files: [{ token }],
    })
    expect(hidden.status).toBe(404)
    const res = await call('/api/v1/models/create/new', {
      authorization: other.auth,
      body: { ownerSlug: me.username, slug: 'planted' },
    })
    expect(res.status).toBe(403)
    expect(await tokenState(token)).toMatchObject({ status: 'complete' })
  })
})

describe('a private model', () => {
  it('is seen by its owner only: get, files, downloads, the list; its bytes by signed URL', async () => {
    const me = await makePublisher()
    const other = await makePublisher()
    await createModel(me.auth, me.username, 'secret')
    const bytes = bytesOf(4000, 9)
    const token = await uploadFile(me.auth, 'w.bin', bytes)
    await createInstance(me.auth, `${me.username}/secret`, { files: [{ token }] })
    const handle = `${me.username}/secret/pyTorch/default`
    const paths = [
      `/api/v1/models/${me.username}/secret/get`,
      `/api/v1/models/${handle}/get`,
      `/api/v1/models/${handle}/1/files`,
      `/api/v1/models/${handle}/1/download/w.bin`,
      `/api/v1/models/${handle}/1/download`,
      `/api/v1/files/${handle}/1/w.bin`,
    ]
    for (const path of paths) {
      expect((await call(path)).status, `anonymous ${path}`).toBe(404)
      expect((await call(path, { authorization: other.auth })).status, `other ${path}`).toBe(404)
    }
    const list = await json(await call(`/api/v1/models/list?owner=${me.username}`))
    expect(list.models).toEqual([])
    const redirect = await call(paths[3]!, { authorization: me.auth })
    expect(redirect.status).toBe(302)
    const target = new URL(redirect.headers.get('location')!)
    expect(target.searchParams.get('signature')).toBeTruthy()
    const file = await call(`${target.pathname}${target.search}`)
    expect(file.status).toBe(200)
    expect(file.headers.get('cache-control')).toMatch(/private/)
    expect(await sha256Of(new Uint8Array(await file.arrayBuffer()))).toBe(await sha256Of(bytes))
    // the signature is for that one path
    const archive = `/api/v1/archives/${handle}/1${target.search}`
    expect((await call(archive)).status).toBe(403)

    // the owner's file listing links the same signed bytes (the SPA's download links)
    const listed = await json(await call(paths[2]!, { authorization: me.auth }))
    const linked = new URL(listed.files[0].url)
    expect(linked.pathname).toBe(target.pathname)
    expect(linked.searchParams.get('signature')).toBeTruthy()
    expect((await call(`${linked.pathname}${linked.search}`)).status).toBe(200)
    // and so does its version listing's archive link
    const versions = await json(
      await call(`/api/v1/models/${handle}/versions`, { authorization: me.auth }),
    )
    const zipped = new URL(versions.versions[0].archiveUrl)
    expect(zipped.searchParams.get('signature')).toBeTruthy()
    expect((await call(`${zipped.pathname}${zipped.search}`)).status).toBe(200)
  })
})

describe('an interrupted upload', () => {
  it('resumes with the probe, ends byte-identical, and is invisible until published', async () => {
    const me = await makePublisher()
    await createModel(me.auth, me.username, 'resumed')
    const part = 8 * 1024 * 1024
    const size = 2 * part + 5000
    const bytes = bytesOf(size, 5)
    const started = await startUpload(me.auth, 'big.bin', size, { sha256: await sha256Of(bytes) })
    // the connection drops after 1.5 parts: the body stream errors mid-way
    let sent = 0
    const broken = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= part * 1.5) return controller.error(new Error('connection reset'))
        const chunk = bytes.subarray(sent, sent + 1024 * 1024)
        sent += chunk.length
        controller.enqueue(chunk)
      },
    })
    const dropped = await app.request(
      `https://modelport.test${new URL(started.createUrl).pathname}`,
      {
        method: 'PUT',
        headers: { 'content-range': `bytes 0-${size - 1}/${size}` },
        body: broken,
        duplex: 'half',
      } as RequestInit,
      env,
    )
    expect(dropped.status).toBe(308)
    const asked = await probe(started.createUrl, size)
    expect(asked.status).toBe(308)
    expect(asked.headers.get('range')).toBe(`bytes=0-${part - 1}`)
    // nothing of it is visible meanwhile
    expect(
      (await call(`/api/v1/models/${me.username}/resumed/get`, { authorization: me.auth })).status,
    ).toBe(200)
    expect(
      (
        await call(`/api/v1/models/${me.username}/resumed/pyTorch/default/get`, {
          authorization: me.auth,
        })
      ).status,
    ).toBe(404)
    const resumed = await put(started.createUrl, bytes.subarray(part), size, part)
    expect(resumed.status, await resumed.clone().text()).toBe(200)
    await createInstance(me.auth, `${me.username}/resumed`, { files: [{ token: started.token }] })
    const redirect = await call(
      `/api/v1/models/${me.username}/resumed/pyTorch/default/1/download/big.bin`,
      {
        authorization: me.auth,
      },
    )
    const target = new URL(redirect.headers.get('location')!)
    const file = await call(`${target.pathname}${target.search}`)
    expect(file.status).toBe(200)
    expect(await sha256Of(new Uint8Array(await file.arrayBuffer()))).toBe(await sha256Of(bytes))
  })
})
