import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { encodePageToken } from '../../worker/lib/page-token'
import { importCatalog, json, request, seedDemo } from './helpers'

const list = (query: string) => request(`/api/v1/models/list?${query}`)

const edit = (token: string, change: (value: Record<string, unknown>) => void) => {
  const [payload, mac] = token.split('.')
  const value = JSON.parse(atob(payload!.replace(/-/g, '+').replace(/_/g, '/')))
  change(value)
  const edited = btoa(JSON.stringify(value))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')
  return `${edited}.${mac}`
}

async function expectRefused(res: Response, parameter = 'pageToken') {
  expect(res.status).toBe(400)
  expect(await json(res)).toMatchObject({
    code: 400,
    error: { code: 'BAD_REQUEST', issues: [{ path: parameter }] },
  })
}

beforeAll(async () => {
  await importCatalog()
  await seedDemo()
})

describe('page tokens', () => {
  it('pages with the token the server issued', async () => {
    const first = await json(await list('search=bert&pageSize=2'))
    expect(first.nextPageToken).toMatch(/^[\w-]+\.[\w-]{22}$/)
    const second = await list(`search=bert&pageSize=2&pageToken=${first.nextPageToken}`)
    expect(second.status).toBe(200)
  })

  it('refuses an edited token, whatever field changed', async () => {
    const { nextPageToken: token } = await json(await list('search=bert&pageSize=2'))
    const edits: ((v: Record<string, unknown>) => void)[] = [
      (v) => (v.h = !v.h),
      (v) => (v.a = true),
      (v) => (v.i = Number(v.i) + 1),
      (v) => (v.v = 0),
    ]
    for (const change of edits)
      await expectRefused(await list(`search=bert&pageSize=2&pageToken=${edit(token, change)}`))
    // the signature of another token, a bit flipped, no signature, two signatures
    const [payload, mac] = token.split('.')
    const flipped = `${payload}.${mac[0] === 'A' ? 'B' : 'A'}${mac.slice(1)}`
    for (const bad of [flipped, payload, `${token}.${mac}`, `${payload}.`])
      await expectRefused(await list(`search=bert&pageSize=2&pageToken=${bad}`))
  })

  it('refuses a token signed with another secret', async () => {
    const forged = await encodePageToken('not the secret', { s: 'relevance', f: 'x', v: 1, i: 1 })
    await expectRefused(await list(`search=bert&pageToken=${forged}`))
    expect(env.PAGE_TOKEN_SECRET).toBeTruthy()
  })

  it('refuses a token over 512 characters before reading it', async () => {
    const long = await encodePageToken(env.PAGE_TOKEN_SECRET, { p: 'x'.repeat(600) })
    await expectRefused(
      await request(
        `/api/v1/models/demo/movenet/tfJs/singlepose-lightning/1/files?pageToken=${long}`,
      ),
    )
  })

  it('signs the files cursor too', async () => {
    const base = '/api/v1/models/demo/movenet/tfJs/singlepose-lightning/1/files'
    const first = await json(await request(`${base}?pageSize=1`))
    expect(first.nextPageToken).not.toBe('')
    const forged = edit(first.nextPageToken, (v) => (v.p = ''))
    await expectRefused(await request(`${base}?pageSize=1&pageToken=${forged}`))
  })
})

describe('free-text parameters', () => {
  it('answers a 16 KB maxSize with a 400 at once', async () => {
    for (const value of [
      '1'.repeat(16_384),
      `1${'+'.repeat(16_000)}x`,
      `1${' '.repeat(16_000)}x`,
    ]) {
      const started = performance.now()
      const res = await list(`maxSize=${encodeURIComponent(value)}`)
      // generous: a quadratic pattern takes seconds on 16 KB; the load of a busy machine does not
      expect(performance.now() - started).toBeLessThan(1000)
      await expectRefused(res, 'maxSize')
    }
  })

  it('still reads sizes with a space or surrounding blanks', async () => {
    for (const value of ['5GB', ' 5 GB ', '5  gib', '4650000'])
      expect((await list(`maxSize=${encodeURIComponent(value)}`)).status).toBe(200)
    await expectRefused(
      await list(`maxSize=${encodeURIComponent('1' + ' '.repeat(20) + 'x')}`),
      'maxSize',
    )
  })

  it.each(['search', 'sortBy', 'owner', 'framework', 'task', 'facets', 'pageToken'])(
    'refuses %s of 16 KB naming it',
    async (name) => {
      await expectRefused(await list(`${name}=${'a'.repeat(16_384)}`), name)
    },
  )

  it('refuses a long value under any spelling and when repeated', async () => {
    await expectRefused(await list(`page_token=${'a'.repeat(3000)}`), 'pageToken')
    const many = Array.from({ length: 200 }, () => 'task=abcdefghijklmnop').join('&')
    await expectRefused(await list(many), 'task')
  })
})
