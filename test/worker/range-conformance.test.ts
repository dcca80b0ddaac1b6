// Range and conditional requests as RFC 9110 says, over a table of representations: empty,
// 1-byte and normal files, a tar assembled on the fly (whole version and a glob subset) and the
// prebuilt tar.gz; GET and HEAD. Several ranges that stay apart after merging get the whole
// representation as 200 (RFC 9110 section 14.2 allows ignoring Range; docs/downloads.md).
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { models, variations } from '../../db/schema'
import { readTar } from '../../worker/lib/tar'
import { putBlob } from '../../worker/services/blob-store'
import { publishVersion } from '../../worker/services/publish-version'
import { db, json, makeOwner, random, request } from './helpers'

const hex = (bytes: ArrayBuffer) =>
  [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('')
const sha256 = async (data: Uint8Array) => hex(await crypto.subtle.digest('SHA-256', data))
const b64 = (h: string) => btoa(String.fromCharCode(...h.match(/../g)!.map((p) => parseInt(p, 16))))

const next = random(14)
const normal = new Uint8Array(3000).map(() => Math.floor(next() * 256))
const stored: Record<string, Uint8Array> = {
  'empty.bin': new Uint8Array(0),
  'one.bin': new Uint8Array([42]),
  'normal.bin': normal,
  'group1-shard1of1.bin': normal.slice(0, 700),
  [`${'deep/'.repeat(25)}model.json`]: new TextEncoder().encode('{"format":"graph-model"}'),
}
const base = '/api/v1/files/conform/edges/tensorFlow2/default/1'
const archive = '/api/v1/archives/conform/edges/tensorFlow2/default/1'

beforeAll(async () => {
  const ownerId = await makeOwner('conform')
  const [model] = await db()
    .insert(models)
    .values({
      ownerId,
      slug: 'edges',
      title: 'Edges',
      licenseId: 'apache-2.0',
      provenance: 'community',
    })
    .returning({ id: models.id })
  const [variation] = await db()
    .insert(variations)
    .values({ modelId: model!.id, framework: 'tensorFlow2', slug: 'default' })
    .returning({ id: variations.id })
  const files = []
  for (const [path, data] of Object.entries(stored)) {
    const hash = await sha256(data)
    const blob = await putBlob(
      env.BUCKET,
      hash,
      data.length,
      async () => new Response(data).body ?? new Response(new Uint8Array(0)).body,
    )
    files.push({
      path,
      size: data.length,
      sha256: hash,
      md5: blob.md5,
      contentType: 'application/octet-stream',
      r2Key: blob.key,
    })
  }
  await publishVersion(db(), env.BUCKET, {
    variationId: variation!.id,
    number: 1,
    notes: '',
    files,
  })
})

interface Subject {
  name: string
  url: string
  /** the file's bytes, when it is a stored file (its sha256 is the Repr-Digest) */
  file?: Uint8Array
}
const subjects: Subject[] = [
  { name: 'empty file', url: `${base}/empty.bin`, file: stored['empty.bin'] },
  { name: '1-byte file', url: `${base}/one.bin`, file: stored['one.bin'] },
  { name: 'normal file', url: `${base}/normal.bin`, file: normal },
  { name: 'virtual tar of the version', url: `${archive}?format=tar` },
  { name: 'virtual tar of a glob subset', url: `${archive}?include=one.bin&include=group1-*` },
  { name: 'prebuilt tar.gz', url: archive },
]

type Expect =
  { status: 200 } | { status: 206; start: number; end: number } | { status: 304 | 412 | 416 }

interface Case {
  name: string
  headers: (v: { etag: string; lastModified: string; size: number }) => Record<string, string>
  expect: (size: number) => Expect
}

const past = 'Sun, 06 Nov 1994 08:49:37 GMT'
const future = 'Fri, 01 Jan 2100 00:00:00 GMT'
const whole = { status: 200 } as const
const bytes = (size: number, start: number, end: number): Expect =>
  start < size ? { status: 206, start, end: Math.min(end, size - 1) } : { status: 416 }

const cases: Case[] = [
  { name: 'no Range', headers: () => ({}), expect: () => whole },
  { name: 'first byte', headers: () => ({ range: 'bytes=0-0' }), expect: (n) => bytes(n, 0, 0) },
  {
    name: 'open range from 1',
    headers: () => ({ range: 'bytes=1-' }),
    expect: (n) => bytes(n, 1, n - 1),
  },
  {
    name: 'open range from 0',
    headers: () => ({ range: 'bytes=0-' }),
    expect: (n) => bytes(n, 0, n - 1),
  },
  {
    name: 'last past the end (clamped)',
    headers: () => ({ range: 'bytes=0-99999999999' }),
    expect: (n) => bytes(n, 0, n - 1),
  },
  {
    name: 'suffix of 1',
    headers: () => ({ range: 'bytes=-1' }),
    // the only satisfiable range of an empty representation: we send it whole
    expect: (n) => (n === 0 ? whole : bytes(n, n - 1, n - 1)),
  },
  {
    name: 'suffix longer than the representation',
    headers: () => ({ range: 'bytes=-999999' }),
    expect: (n) => (n === 0 ? whole : bytes(n, 0, n - 1)),
  },
  { name: 'suffix of 0', headers: () => ({ range: 'bytes=-0' }), expect: () => ({ status: 416 }) },
  {
    name: 'first at the end',
    headers: ({ size }) => ({ range: `bytes=${size}-` }),
    expect: () => ({ status: 416 }),
  },
  {
    name: 'last below first (invalid)',
    headers: () => ({ range: 'bytes=5-2' }),
    expect: () => whole,
  },
  { name: 'not a range', headers: () => ({ range: 'bytes=abc' }), expect: () => whole },
  { name: 'empty range set', headers: () => ({ range: 'bytes=' }), expect: () => whole },
  { name: 'other unit', headers: () => ({ range: 'items=0-1' }), expect: () => whole },
  {
    name: 'unit in upper case',
    headers: () => ({ range: 'Bytes=0-0' }),
    expect: (n) => bytes(n, 0, 0),
  },
  {
    name: 'overlapping ranges (merged)',
    headers: () => ({ range: 'bytes=0-1, 1-2' }),
    expect: (n) => bytes(n, 0, 2),
  },
  {
    name: 'adjacent ranges out of order (merged)',
    headers: () => ({ range: 'bytes=2-3,0-1' }),
    expect: (n) => (n === 1 ? bytes(n, 0, 0) : bytes(n, 0, 3)),
  },
  {
    name: 'several ranges apart',
    headers: () => ({ range: 'bytes=0-0,2-2' }),
    // with one byte only 0-0 is satisfiable
    expect: (n) => (n >= 3 ? whole : bytes(n, 0, 0)),
  },
  {
    name: 'a satisfiable and an unsatisfiable range',
    headers: ({ size }) => ({ range: `bytes=0-0,${size + 10}-` }),
    expect: (n) => bytes(n, 0, 0),
  },
  {
    name: 'If-Range with the strong ETag',
    headers: ({ etag }) => ({ range: 'bytes=0-0', 'if-range': etag }),
    expect: (n) => bytes(n, 0, 0),
  },
  {
    name: 'If-Range with another ETag',
    headers: () => ({ range: 'bytes=0-0', 'if-range': '"other"' }),
    expect: () => whole,
  },
  {
    name: 'If-Range with the ETag made weak',
    headers: ({ etag }) => ({ range: 'bytes=0-0', 'if-range': `W/${etag}` }),
    expect: () => whole,
  },
  {
    name: 'If-Range with the Last-Modified date',
    headers: ({ lastModified }) => ({ range: 'bytes=0-0', 'if-range': lastModified }),
    expect: (n) => bytes(n, 0, 0),
  },
  {
    name: 'If-Range with an older date',
    headers: () => ({ range: 'bytes=0-0', 'if-range': past }),
    expect: () => whole,
  },
  {
    name: 'If-None-Match the ETag',
    headers: ({ etag }) => ({ 'if-none-match': etag }),
    expect: () => ({ status: 304 }),
  },
  {
    name: 'If-None-Match in a list, weak',
    headers: ({ etag }) => ({ 'if-none-match': `"x", W/${etag}` }),
    expect: () => ({ status: 304 }),
  },
  {
    name: 'If-None-Match *',
    headers: () => ({ 'if-none-match': '*' }),
    expect: () => ({ status: 304 }),
  },
  {
    name: 'If-None-Match another',
    headers: () => ({ 'if-none-match': '"other"' }),
    expect: () => whole,
  },
  {
    name: 'If-None-Match wins over If-Modified-Since',
    headers: () => ({ 'if-none-match': '"other"', 'if-modified-since': future }),
    expect: () => whole,
  },
  {
    name: 'If-None-Match the ETag with a Range',
    headers: ({ etag }) => ({ 'if-none-match': etag, range: 'bytes=0-0' }),
    expect: () => ({ status: 304 }),
  },
  { name: 'If-Match the ETag', headers: ({ etag }) => ({ 'if-match': etag }), expect: () => whole },
  { name: 'If-Match *', headers: () => ({ 'if-match': '*' }), expect: () => whole },
  {
    name: 'If-Match another',
    headers: () => ({ 'if-match': '"other"' }),
    expect: () => ({ status: 412 }),
  },
  {
    name: 'If-Match weak (strong comparison fails)',
    headers: ({ etag }) => ({ 'if-match': `W/${etag}` }),
    expect: () => ({ status: 412 }),
  },
  {
    name: 'If-Match another with a Range',
    headers: () => ({ 'if-match': '"other"', range: 'bytes=0-0' }),
    expect: () => ({ status: 412 }),
  },
  {
    name: 'If-Modified-Since the Last-Modified',
    headers: ({ lastModified }) => ({ 'if-modified-since': lastModified }),
    expect: () => ({ status: 304 }),
  },
  {
    name: 'If-Modified-Since earlier',
    headers: () => ({ 'if-modified-since': past }),
    expect: () => whole,
  },
  {
    name: 'If-Modified-Since not a date',
    headers: () => ({ 'if-modified-since': 'yesterday' }),
    expect: () => whole,
  },
  {
    name: 'If-Unmodified-Since earlier',
    headers: () => ({ 'if-unmodified-since': past }),
    expect: () => ({ status: 412 }),
  },
  {
    name: 'If-Unmodified-Since later',
    headers: () => ({ 'if-unmodified-since': future }),
    expect: () => whole,
  },
  {
    name: 'If-Match wins over If-Unmodified-Since',
    headers: ({ etag }) => ({ 'if-match': etag, 'if-unmodified-since': past }),
    expect: () => whole,
  },
]

for (const subject of subjects) {
  describe(subject.name, () => {
    let body: Uint8Array
    let etag: string
    let lastModified: string
    beforeAll(async () => {
      const res = await request(subject.url)
      expect(res.status).toBe(200)
      body = new Uint8Array(await res.arrayBuffer())
      expect(res.headers.get('content-length')).toBe(String(body.length))
      etag = res.headers.get('etag')!
      lastModified = res.headers.get('last-modified')!
      expect(etag).toMatch(/^"[^"]+"$/)
      if (subject.file) {
        expect(body).toEqual(subject.file)
        expect(res.headers.get('repr-digest')).toBe(`sha-256=:${b64(await sha256(subject.file))}:`)
      }
    })

    for (const method of ['GET', 'HEAD'] as const) {
      for (const c of cases) {
        it(`${method}, ${c.name}`, async () => {
          const size = body.length
          const res = await request(subject.url, {
            method,
            headers: c.headers({ etag, lastModified, size }),
          })
          // Range is for GET only: HEAD describes the whole representation
          let want = c.expect(size)
          if (method === 'HEAD' && (want.status === 206 || want.status === 416)) want = whole
          expect(res.status).toBe(want.status)
          const got = new Uint8Array(await res.arrayBuffer())
          if (want.status === 304) {
            expect(got.length).toBe(0)
            expect(res.headers.get('etag')).toBe(etag)
            return
          }
          if (want.status === 412 || want.status === 416) {
            expect(res.headers.get('cache-control')).toBe('no-store')
            expect(res.headers.get('content-type')).toBe('application/json')
            if (method === 'GET')
              expect(JSON.parse(new TextDecoder().decode(got))).toMatchObject({
                code: want.status,
                error: {
                  code: want.status === 412 ? 'PRECONDITION_FAILED' : 'RANGE_NOT_SATISFIABLE',
                },
              })
            if (want.status === 416)
              expect(res.headers.get('content-range')).toBe(`bytes */${size}`)
            return
          }
          expect(res.headers.get('etag')).toBe(etag)
          expect(res.headers.get('accept-ranges')).toBe('bytes')
          if (subject.file)
            expect(res.headers.get('repr-digest')).toBe(
              `sha-256=:${b64(await sha256(subject.file))}:`,
            )
          if (want.status === 200) {
            expect(res.headers.get('content-range')).toBeNull()
            expect(res.headers.get('content-length')).toBe(String(size))
            expect(got.length).toBe(method === 'HEAD' ? 0 : size)
            if (method === 'GET') expect(await sha256(got)).toBe(await sha256(body))
            return
          }
          if (want.status !== 206) throw new Error(`unexpected ${want.status}`)
          expect(res.headers.get('content-range')).toBe(`bytes ${want.start}-${want.end}/${size}`)
          expect(res.headers.get('content-length')).toBe(String(want.end - want.start + 1))
          expect(got).toEqual(body.slice(want.start, want.end + 1))
        })
      }
    }
  })
}

describe('archives assembled on the fly', () => {
  const read = async (data: Uint8Array) => {
    const out: Record<string, Uint8Array> = {}
    for await (const entry of readTar(new Response(data).body!).entries)
      out[entry.path] = await entry.bytes(1 << 20)
    return out
  }

  it('unpacks to the version files, byte for byte, with an exact length', async () => {
    const res = await request(`${archive}?format=tar`)
    expect(res.headers.get('content-type')).toBe('application/x-tar')
    expect(res.headers.get('content-disposition')).toContain('edges-tensorFlow2-default-v1.tar')
    const files = await read(new Uint8Array(await res.arrayBuffer()))
    expect(Object.keys(files).sort()).toEqual(Object.keys(stored).sort())
    for (const [path, data] of Object.entries(stored)) expect(files[path]).toEqual(data)
  })

  it('resumes: ranges at arbitrary boundaries put together give the whole', async () => {
    const full = new Uint8Array(await (await request(`${archive}?format=tar`)).arrayBuffer())
    const cuts = [
      0,
      1,
      511,
      512,
      513,
      1000,
      1536,
      4095,
      4608,
      6000,
      full.length - 1025,
      full.length,
    ]
    const joined = new Uint8Array(full.length)
    for (let i = 0; i + 1 < cuts.length; i++) {
      const res = await request(`${archive}?format=tar`, {
        headers: { range: `bytes=${cuts[i]}-${cuts[i + 1]! - 1}` },
      })
      expect(res.status).toBe(206)
      joined.set(new Uint8Array(await res.arrayBuffer()), cuts[i])
    }
    expect(await sha256(joined)).toBe(await sha256(full))
  })

  it('chooses members by glob, by file name in any folder or by path', async () => {
    const pick = async (query: string) =>
      Object.keys(
        await read(new Uint8Array(await (await request(`${archive}?${query}`)).arrayBuffer())),
      ).sort()
    expect(await pick('include=*.json&include=group1-*')).toEqual([
      `${'deep/'.repeat(25)}model.json`,
      'group1-shard1of1.bin',
    ])
    expect(await pick('include=deep/**')).toEqual([`${'deep/'.repeat(25)}model.json`])
    expect(await pick('include=?ne.bin')).toEqual(['one.bin'])
  })

  it('answers 404 when no file matches, 400 for gzip of a subset or an unknown format', async () => {
    const none = await request(`${archive}?include=*.onnx`)
    expect(none.status).toBe(404)
    expect(none.headers.get('cache-control')).toBe('no-store')
    expect((await request(`${archive}?include=*.bin&format=tar.gz`)).status).toBe(400)
    const bad = await request(`${archive}?format=zip`)
    expect(bad.status).toBe(400)
    expect(await json(bad)).toMatchObject({ error: { code: 'BAD_REQUEST' } })
  })

  it('answers a different strong ETag for a different subset', async () => {
    const a = await request(`${archive}?include=one.bin`, { method: 'HEAD' })
    const b = await request(`${archive}?include=normal.bin`, { method: 'HEAD' })
    expect(a.headers.get('etag')).not.toBe(b.headers.get('etag'))
    expect(a.headers.get('content-length')).toBe(String(512 + 512 + 1024))
  })
})

describe('SHA256SUMS and 404s', () => {
  it('lists every file as sha256sum -c reads it', async () => {
    const res = await request(`${archive}/SHA256SUMS`)
    expect(res.status).toBe(200)
    const lines = (await res.text()).trim().split('\n').sort()
    const want = await Promise.all(
      Object.entries(stored).map(async ([path, data]) => `${await sha256(data)}  ${path}`),
    )
    expect(lines).toEqual(want.sort())
    const subset = await (await request(`${archive}/SHA256SUMS?include=one.bin`)).text()
    expect(subset).toBe(`${await sha256(stored['one.bin']!)}  one.bin\n`)
  })

  it('never lets a 404 be cached', async () => {
    for (const url of [
      `${base}/nope.bin`,
      '/api/v1/files/conform/edges/tensorFlow2/default/9/x',
      `${archive.replace('edges', 'nope')}`,
    ]) {
      const res = await request(url)
      expect(res.status).toBe(404)
      expect(res.headers.get('cache-control')).toBe('no-store')
    }
  })
})
