import { env, exports } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { readTar } from '../../worker/lib/tar'
import { demoFiles, json, request, seedDemo, sha256Hex } from './helpers'

beforeAll(async () => {
  await seedDemo()
})

// vitest's deep equality walks typed arrays element by element, which takes seconds per MB
function expectSameBytes(actual: Uint8Array, expected: Uint8Array) {
  expect(actual.length).toBe(expected.length)
  const firstDifference = actual.findIndex((byte, i) => byte !== expected[i])
  expect(firstDifference).toBe(-1)
}

const fileUrl = (handle: string, name: string) => `/api/v1/files/${handle}/${name}`

describe('GET /api/v1/files/... (the bytes of one file)', () => {
  for (const [handle, files] of Object.entries(demoFiles)) {
    for (const [name, expected] of Object.entries(files)) {
      it(`serves ${handle}/${name} byte-identical with the download headers`, async () => {
        const res = await request(fileUrl(handle, name))
        expect(res.status).toBe(200)
        expect(res.headers.get('content-length')).toBe(String(expected.size))
        expect(res.headers.get('content-type')).toBe('application/octet-stream')
        expect(res.headers.get('accept-ranges')).toBe('bytes')
        expect(res.headers.get('etag')).toBe(`"${expected.sha256}"`)
        expect(res.headers.get('last-modified')).toMatch(
          /^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/,
        )
        expect(res.headers.get('x-goog-hash')).toMatch(/^md5=[A-Za-z0-9+/]{22}==$/)
        expect(await sha256Hex(res.body)).toBe(expected.sha256)
      })
    }
  }

  it('follows the Kaggle download redirect through the real entry to the same bytes', async () => {
    const redirect = await exports.default.fetch(
      'http://modelport.test/api/v1/models/demo/movenet/tfJs/singlepose-lightning/1/download/movenet-lightning.bin',
      { redirect: 'manual' },
    )
    expect(redirect.status).toBe(302)
    const res = await exports.default.fetch(redirect.headers.get('location')!)
    expect(res.status).toBe(200)
    expect(await sha256Hex(res.body)).toBe(
      demoFiles['demo/movenet/tfJs/singlepose-lightning/1']['movenet-lightning.bin'].sha256,
    )
  })

  it('stores each file once in R2, under its sha256, with the hash checked by R2', async () => {
    const object = await env.BUCKET.head(
      `blobs/sha256/${demoFiles['demo/blazeface/tfJs/default/1']['blazeface.bin'].sha256}`,
    )
    expect(object?.size).toBe(538928)
    const again = await seedDemo()
    expect(again.versionsPublished).toBe(0)
  })
})

describe('Range requests', () => {
  const url = fileUrl('demo/blazeface/tfJs/default/1', 'blazeface.bin')
  const size = 538928
  let whole: Uint8Array
  beforeAll(async () => {
    whole = new Uint8Array(await (await request(url)).arrayBuffer())
  })

  const cases: [string, number, number][] = [
    ['bytes=100-', 100, size - 1],
    ['bytes=0-', 0, size - 1],
    ['bytes=0-99', 0, 99],
    ['bytes=1000-1999', 1000, 1999],
    ['bytes=-500', size - 500, size - 1],
    ['bytes=538000-999999999', 538000, size - 1],
  ]
  for (const [range, start, end] of cases) {
    it(`answers ${range} with 206 and exactly those bytes`, async () => {
      const res = await request(url, { headers: { range } })
      expect(res.status).toBe(206)
      expect(res.headers.get('content-range')).toBe(`bytes ${start}-${end}/${size}`)
      expect(res.headers.get('content-length')).toBe(String(end - start + 1))
      expectSameBytes(new Uint8Array(await res.arrayBuffer()), whole.slice(start, end + 1))
    })
  }

  it('answers 416 for a range past the end', async () => {
    const res = await request(url, { headers: { range: `bytes=${size}-` } })
    expect(res.status).toBe(416)
    expect(res.headers.get('content-range')).toBe(`bytes */${size}`)
    expect(await json(res)).toMatchObject({ code: 416 })
  })

  it('sends everything for a range it does not honour', async () => {
    const res = await request(url, { headers: { range: 'bytes=0-1,5-6' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-length')).toBe(String(size))
    await res.body?.cancel()
  })

  it('answers a conditional GET with 304', async () => {
    const etag = `"${demoFiles['demo/blazeface/tfJs/default/1']['blazeface.bin'].sha256}"`
    const res = await request(url, { headers: { 'if-none-match': etag } })
    expect(res.status).toBe(304)
  })

  it('answers 404 for a file the version does not have, and 400 for a bad path', async () => {
    expect((await request(fileUrl('demo/blazeface/tfJs/default/1', 'nope.bin'))).status).toBe(404)
    expect((await request(fileUrl('demo/blazeface/tfJs/default/1', '%E0%A4%A'))).status).toBe(400)
  })
})

describe('GET /api/v1/archives/... (a whole version as tar.gz)', () => {
  const url = '/api/v1/archives/demo/movenet/tfJs/singlepose-lightning/1'

  it('unpacks to the same files, byte for byte', async () => {
    const res = await request(url)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/gzip')
    expect(res.headers.get('content-disposition')).toContain(
      'movenet-tfJs-singlepose-lightning-v1.tar.gz',
    )
    expect(Number(res.headers.get('content-length'))).toBeGreaterThan(1000)
    const { entries } = readTar(res.body!.pipeThrough(new DecompressionStream('gzip')))
    const got: Record<string, string> = {}
    for await (const entry of entries) got[entry.path] = await sha256Hex(entry.body)
    expect(got).toEqual(
      Object.fromEntries(
        Object.entries(demoFiles['demo/movenet/tfJs/singlepose-lightning/1']).map(([name, f]) => [
          name,
          f.sha256,
        ]),
      ),
    )
  })

  it('serves ranges of the stored archive', async () => {
    const whole = new Uint8Array(await (await request(url)).arrayBuffer())
    const res = await request(url, { headers: { range: 'bytes=10-' } })
    expect(res.status).toBe(206)
    expectSameBytes(new Uint8Array(await res.arrayBuffer()), whole.slice(10))
  })
})
