// kagglehub's folder of more than 50 files, uploaded as one archive.zip and unpacked by
// streaming into the version's files (docs/publishing.md, "Archives"), in workerd against real
// R2 and D1; and hostile archives refused with nothing left behind.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import app from '../../worker/app'
import { json } from './helpers'
import { call } from './accounts-helpers'
import { bytesOf, createModel, makePublisher, sha256Of, uploadFile } from './publish-helpers'
import { zipOf, type ZipEntry } from './zip-writer'

async function createWith(auth: string, model: string, token: string, vars = {}) {
  const res = await app.request(
    `https://modelport.test/api/v1/models/${model}/create/instance`,
    {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: JSON.stringify({
        instanceSlug: 'default',
        framework: 'pyTorch',
        files: [{ token }],
        directories: [],
      }),
    },
    { ...env, ...vars },
  )
  expect(res.status).toBe(200)
  return json(res)
}

const sessionOf = (token: string) =>
  env.DB.prepare('select status, r2_key from upload_sessions where token = ?')
    .bind(token)
    .first<{ status: string; r2_key: string }>()

async function storedUploads() {
  const keys: string[] = []
  let cursor: string | undefined
  do {
    const page = await env.BUCKET.list({ prefix: 'uploads/', cursor })
    keys.push(...page.objects.map((o) => o.key))
    cursor = page.truncated ? page.cursor : undefined
  } while (cursor)
  return keys.sort()
}

async function newModel() {
  const me = await makePublisher()
  const slug = `zip${Math.random().toString(36).slice(2, 8)}`
  await createModel(me.auth, me.username, slug)
  return { me, model: `${me.username}/${slug}` }
}

describe('archive.zip', () => {
  it('unpacks 60 members (stored, deflated, data descriptors, ZIP64) into the version', async () => {
    const { me, model } = await newModel()
    const entries: ZipEntry[] = Array.from({ length: 60 }, (_, i) => ({
      name: i < 30 ? `file-${i}.bin` : `sub/dir-${i % 3}/file-${i}.txt`,
      data: i === 7 ? new Uint8Array(0) : bytesOf(i === 5 ? 300_000 : 100 + i * 37, i + 1),
      method: i % 2 ? 8 : 0,
      descriptor: i % 3 === 0 && i % 2 === 1,
      zip64: i % 5 === 0,
    }))
    entries.push({ name: 'sub/', data: new Uint8Array(0) })
    entries.push({ name: 'naïve-ü.txt', data: bytesOf(10, 99), method: 8 })
    const archive = zipOf(entries, { zip64End: true })
    const token = await uploadFile(me.auth, 'archive.zip', archive)
    const archiveKey = (await sessionOf(token))!.r2_key
    const created = await createWith(me.auth, model, token)
    expect(created, JSON.stringify(created)).toMatchObject({ id: expect.any(Number) })

    const res = await call(`/api/v1/models/${model}/pyTorch/default/1/files?pageSize=100`, {
      authorization: me.auth,
    })
    const listed = (await json(res)).files as { name: string; sha256: string; size: number }[]
    const expected = await Promise.all(
      entries
        .filter((e) => !e.name.endsWith('/'))
        .map(async (e) => [e.name, await sha256Of(e.data), e.data.length]),
    )
    expect(listed.map((f) => [f.name, f.sha256, f.size]).sort()).toEqual(expected.sort())

    // the stored bytes of a file
    const row = await env.DB.prepare(
      "select f.r2_key from files f join versions v on v.id = f.version_id where v.variation_id = ? and f.path = 'file-5.bin'",
    )
      .bind(created.id)
      .first<{ r2_key: string }>()
    const stored = await env.BUCKET.get(row!.r2_key)
    expect(await sha256Of(new Uint8Array(await stored!.arrayBuffer()))).toBe(
      await sha256Of(entries[5]!.data),
    )
    // the archive is used up, its object gone, its quota given to the files
    expect(await sessionOf(token)).toMatchObject({ status: 'aborted' })
    expect(await env.BUCKET.head(archiveKey)).toBeNull()
    const used = await env.DB.prepare(
      "select count(*) as n, sum(content_length) as bytes from upload_sessions where user_id = ? and status = 'consumed'",
    )
      .bind(me.id)
      .first<{ n: number; bytes: number }>()
    expect(used).toEqual({ n: 61, bytes: entries.reduce((n, e) => n + e.data.length, 0) })
  })

  it('is an ordinary file when it is not alone at the root', async () => {
    const { me, model } = await newModel()
    const archive = zipOf([{ name: 'a.txt', data: bytesOf(5) }])
    const zipToken = await uploadFile(me.auth, 'archive.zip', archive)
    const other = await uploadFile(me.auth, 'b.txt', bytesOf(6))
    const res = await call(`/api/v1/models/${model}/create/instance`, {
      authorization: me.auth,
      body: {
        instanceSlug: 'default',
        framework: 'pyTorch',
        files: [{ token: zipToken }, { token: other }],
      },
    })
    expect(await json(res)).toMatchObject({ id: expect.any(Number) })
    const files = await call(`/api/v1/models/${model}/pyTorch/default/1/files`, {
      authorization: me.auth,
    })
    expect((await json(files)).files.map((f: { name: string }) => f.name)).toEqual([
      'archive.zip',
      'b.txt',
    ])
  })

  const zeros = new Uint8Array(20 * 1024 * 1024)
  const good = (i: number): ZipEntry => ({ name: `ok-${i}.bin`, data: bytesOf(1000, i), method: 8 })
  const hostile: [string, () => Uint8Array, RegExp, number, Record<string, string>?][] = [
    ['not a zip', () => bytesOf(5000, 3), /not a zip file/, 400],
    ['a truncated zip', () => zipOf([good(1), good(2)]).subarray(0, 1500), /not a zip file/, 400],
    [
      'a path traversal',
      () => zipOf([good(1), { name: '../evil.txt', data: bytesOf(10) }]),
      /unsafe file name/,
      400,
    ],
    [
      'an absolute path',
      () => zipOf([{ name: '/etc/passwd', data: bytesOf(10) }]),
      /unsafe file name/,
      400,
    ],
    [
      'a backslash path',
      () => zipOf([{ name: '..\\evil.txt', data: bytesOf(10) }]),
      /unsafe file name/,
      400,
    ],
    [
      'Unicode twins',
      () =>
        zipOf([
          { name: 'File.bin', data: bytesOf(10) },
          { name: 'ﬁle.bin', data: bytesOf(11) },
        ]),
      /unsafe file name/,
      400,
    ],
    [
      'a name not in UTF-8',
      () => zipOf([{ name: 'x', nameBytes: new Uint8Array([0x66, 0xff]), data: bytesOf(10) }]),
      /not marked as UTF-8/,
      400,
    ],
    [
      'a deflated member bigger than it says (a bomb)',
      () => zipOf([good(1), { name: 'bomb.bin', data: zeros, method: 8, claim: { size: 100 } }]),
      /bigger than it says/,
      400,
    ],
    [
      'a member smaller than it says',
      () =>
        zipOf([
          good(1),
          { name: 'short.bin', data: bytesOf(100), method: 8, claim: { size: 200 } },
        ]),
      /does not match its size or CRC/,
      400,
    ],
    [
      'a stored member with two sizes',
      () => zipOf([{ name: 's.bin', data: bytesOf(100), claim: { size: 50 } }]),
      /two different sizes/,
      400,
    ],
    [
      'a wrong CRC (after other members were written)',
      () => zipOf([good(1), good(2), { name: 'c.bin', data: bytesOf(100), claim: { crc32: 1 } }]),
      /size or CRC/,
      400,
    ],
    [
      'overlapping members',
      () => zipOf([good(1), { ...good(2), claim: { offset: 0 } }]),
      /overlap|disagrees/,
      400,
    ],
    [
      'a compressed size past the directory',
      () => zipOf([{ ...good(1), claim: { compressedSize: 10_000_000 } }]),
      /overlap|central directory/,
      400,
    ],
    [
      'an unsupported method',
      () => {
        const z = zipOf([good(1)])
        // method 12 (bzip2) in the directory record
        const dir = z.length - 22 - (46 + 'ok-1.bin'.length)
        z[dir + 10] = 12
        return z
      },
      /method 12 is not supported/,
      400,
    ],
    [
      'too many members',
      () => zipOf(Array.from({ length: 8 }, (_, i) => good(i))),
      /at most 5 files/,
      400,
      { UPLOAD_MAX_FILES_PER_VERSION: '5' },
    ],
    [
      'an honest bomb over the version size',
      () => zipOf([{ name: 'zeros.bin', data: zeros, method: 8 }]),
      /at most 1000000 bytes/,
      413,
      { UPLOAD_MAX_VERSION_BYTES: '1000000' },
    ],
    [
      'a member over the file size',
      () => zipOf([{ name: 'zeros.bin', data: zeros, method: 8 }]),
      /largest file allowed is 1000000/,
      413,
      { UPLOAD_MAX_FILE_BYTES: '1000000' },
    ],
    [
      'the quota',
      () => zipOf([{ name: 'zeros.bin', data: zeros, method: 8 }]),
      /storage quota exceeded/,
      413,
      { UPLOAD_USER_QUOTA_BYTES: '5000000' },
    ],
  ]
  it.each(hostile)('refuses %s and leaves nothing behind', async (_, make, message, code, vars) => {
    const { me, model } = await newModel()
    const before = await storedUploads()
    const token = await uploadFile(me.auth, 'archive.zip', make())
    const archiveKey = (await sessionOf(token))!.r2_key
    const answer = await createWith(me.auth, model, token, vars)
    expect(answer).toMatchObject({ error: expect.stringMatching(message), errorCode: code })
    expect(await storedUploads()).toEqual(before)
    expect(await env.BUCKET.head(archiveKey)).toBeNull()
    expect(await sessionOf(token)).toMatchObject({ status: 'aborted' })
    const members = await env.DB.prepare(
      "select count(*) as n from upload_sessions where user_id = ? and status != 'aborted'",
    )
      .bind(me.id)
      .first<{ n: number }>()
    expect(members).toEqual({ n: 0 })
    const files = await call(`/api/v1/models/${model}/pyTorch/default/1/files`, {
      authorization: me.auth,
    })
    expect(files.status).toBe(404)
  })
})
