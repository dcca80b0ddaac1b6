// A 1 GiB upload through the API (kagglehub's upload target: StartBlobUpload, then a PUT with
// Content-Range), its connection killed at about half way, resumed from what the probe
// (`Content-Range: bytes */n` → 308 with `Range`) says the server holds, ends byte-identical,
// with nothing of it visible before the version is created. The Worker runs as deployed
// (bundled, in workerd through Miniflare) on local D1 and R2, as bench:upload runs it.
// UPLOAD_RESUME_SIZE (bytes) sets the size; 1 GiB by default.
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { createReadStream, mkdtempSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import { after, before, it } from 'node:test'
import { randomFile, startSubjectAndFloor } from '../../bench/r2-subjects.mjs'

const size = Number(process.env.UPLOAD_RESUME_SIZE ?? 1024 ** 3)
const adminToken = 'upload-resume-admin-token'
const work = mkdtempSync(path.join(tmpdir(), 'modelport-upload-resume-'))
const file = path.join(work, 'big.bin')

let mf
let origin
let sha256

before(async () => {
  sha256 = await randomFile(file, size)
  ;({ mf, origin } = await startSubjectAndFloor({
    work,
    stateDir: path.join(work, 'state'),
    port: Number(process.env.UPLOAD_RESUME_PORT ?? 8796),
    floorScript: 'export default { fetch: () => new Response(null, { status: 204 }) }',
    bindings: { ADMIN_TOKEN: adminToken },
  }))
})

after(async () => {
  await mf?.dispose().catch(() => {})
  rmSync(work, { recursive: true, force: true })
})

async function api(pathname, { method = 'POST', auth, body } = {}) {
  const res = await fetch(`${origin}${pathname}`, {
    method,
    headers: { ...(auth ? { authorization: auth } : {}), 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return { status: res.status, body: await res.json().catch(() => null) }
}

/** PUTs the file from `start` and kills the connection once `stopAt` bytes of it were sent. */
function putThenKill(createUrl, start, stopAt) {
  return new Promise((resolve) => {
    const req = request(createUrl, {
      method: 'PUT',
      headers: {
        'content-type': 'application/octet-stream',
        'content-length': String(size - start),
        'content-range': `bytes ${start}-${size - 1}/${size}`,
      },
    })
    req.on('error', () => resolve('killed'))
    req.on('response', (res) => resolve(`answered ${res.statusCode} before the kill`))
    // piped, so the bytes go no faster than the server takes them; then the connection is cut
    const body = createReadStream(file, { start, end: stopAt - 1 })
    body.pipe(req, { end: false })
    body.on('end', () => setTimeout(() => req.destroy(), 200))
  })
}

/**
 * Polls until `done`. A request that fails on the network (a kept-alive connection the server
 * closed just as it was reused) is tried again; at the deadline the last answer or error stands.
 */
async function until(attempt, done, seconds = 120) {
  const deadline = Date.now() + seconds * 1000
  for (;;) {
    let result
    try {
      result = await attempt()
      if (done(result)) return result
    } catch (err) {
      if (Date.now() > deadline) throw err
      console.log(`# poll failed, trying again: ${err.cause?.message ?? err.message}`)
    }
    if (result !== undefined && Date.now() > deadline) return result
    await new Promise((r) => setTimeout(r, 500))
  }
}

async function probe(createUrl) {
  const res = await fetch(createUrl, {
    method: 'PUT',
    headers: { 'content-range': `bytes */${size}` },
  })
  return { status: res.status, range: res.headers.get('range') }
}

/** The probe's answer once it holds still: parts of the killed request may still be landing. */
async function settledProbe(createUrl) {
  let last = await probe(createUrl)
  for (let i = 0; i < 60; i++) {
    await new Promise((r) => setTimeout(r, 500))
    const now = await probe(createUrl)
    if (now.status === last.status && now.range === last.range) return now
    last = now
  }
  throw new Error(`the probe never settled: ${JSON.stringify(last)}`)
}

it(`resumes an upload of ${size} bytes killed half way and ends byte-identical`, async () => {
  const made = await api('/api/v1/admin/users', {
    auth: `Bearer ${adminToken}`,
    body: { username: 'resumer', email: 'resumer@example.test' },
  })
  assert.equal(made.status, 201, JSON.stringify(made.body))
  const auth = `Basic ${Buffer.from(`${made.body.username}:${made.body.key}`).toString('base64')}`
  const owner = made.body.username

  const model = await api('/api/v1/models/create/new', {
    auth,
    body: { ownerSlug: owner, slug: 'resumed', title: 'Resumed', isPrivate: true },
  })
  assert.equal(model.status, 200, JSON.stringify(model.body))
  const started = await api('/api/v1/blobs/upload', {
    auth,
    body: { type: 'model', name: 'big.bin', contentLength: size, sha256 },
  })
  assert.equal(started.status, 200, JSON.stringify(started.body))
  const { createUrl, token } = started.body

  assert.equal(await putThenKill(createUrl, 0, Math.floor(size / 2)), 'killed')
  const held = await settledProbe(createUrl)
  assert.equal(held.status, 308)
  const heldEnd = held.range ? Number(/^bytes=0-(\d+)$/.exec(held.range)[1]) + 1 : 0
  assert.ok(heldEnd > 0 && heldEnd <= size / 2, `the server holds ${held.range} of ${size}`)
  console.log(`# killed at ${size / 2} bytes; the probe says the server holds ${held.range}`)

  // nothing of it is visible meanwhile: no variation, no file
  const instance = await api(`/api/v1/models/${owner}/resumed/pyTorch/default/get`, {
    method: 'GET',
    auth,
  })
  assert.equal(instance.status, 404)

  const rest = await fetch(createUrl, {
    method: 'PUT',
    headers: {
      'content-type': 'application/octet-stream',
      'content-length': String(size - heldEnd),
      'content-range': `bytes ${heldEnd}-${size - 1}/${size}`,
    },
    body: Readable.toWeb(createReadStream(file, { start: heldEnd })),
    duplex: 'half',
  })
  assert.equal(rest.status, 200, await rest.text())

  const created = await api(`/api/v1/models/${owner}/resumed/create/instance`, {
    auth,
    body: { instanceSlug: 'default', framework: 'pyTorch', files: [{ token }] },
  })
  assert.equal(created.status, 200, JSON.stringify(created.body))

  // a big version's archive is built after the create call answered: ready within a minute
  const redirect = await until(
    () =>
      fetch(`${origin}/api/v1/models/${owner}/resumed/pyTorch/default/1/download/big.bin`, {
        headers: { authorization: auth },
        redirect: 'manual',
      }),
    (res) => res.status === 302,
  )
  assert.equal(redirect.status, 302)
  const download = await fetch(new URL(redirect.headers.get('location'), origin))
  assert.equal(download.status, 200)
  const hash = createHash('sha256')
  let length = 0
  for await (const chunk of download.body) {
    hash.update(chunk)
    length += chunk.length
  }
  assert.equal(length, size)
  assert.equal(hash.digest('hex'), sha256)

  const anonymous = await fetch(
    `${origin}/api/v1/models/${owner}/resumed/pyTorch/default/1/download/big.bin`,
    { redirect: 'manual' },
  )
  assert.equal(anonymous.status, 404, 'a private model is not downloadable anonymously')
})
