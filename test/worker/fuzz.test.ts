// Seeded, reproducible HTTP fuzz over every route of the app's route table (worker/app.ts): hostile
// paths (unicode, `%` encodings good and malformed, `..`, up to 16 KB), garbage and repeated query
// parameters, Range and conditional headers, edited page tokens, bad JSON bodies and wrong content
// types. No answer may be a 5xx, and every non-2xx must be the JSON error envelope
// (worker/errors.ts) unless it is one of the documented non-JSON answers listed in `nonJsonAnswer`.
// `npm test` runs FUZZ_PER_ROUTE=50 requests per route; `npm run fuzz` runs 10,000. FUZZ_SEED
// picks the seed; a failure prints the seed, route and request so it can be replayed.
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import app from '../../worker/app'
import { json, request, seedDemo } from './helpers'

const perRoute = Number(env.FUZZ_PER_ROUTE ?? 50)
const seed = Number(env.FUZZ_SEED ?? 13)

/** mulberry32: a small seeded PRNG, so that every run sends the same requests */
function mulberry32(a: number) {
  return () => {
    a |= 0
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

type Rand = ReturnType<typeof mulberry32>
const int = (r: Rand, n: number) => Math.floor(r() * n)
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[int(r, xs.length)]!
const chance = (r: Rand, p: number) => r() < p

/** the seeded catalog's real names, so that some requests get past the lookups */
const realByParam: Record<string, string[]> = {
  owner: ['demo', 'google', 'admin'],
  ownerSlug: ['demo', 'google'],
  slug: ['movenet', 'blazeface'],
  model: ['movenet', 'blazeface'],
  modelSlug: ['movenet', 'blazeface'],
  framework: ['tfJs', 'tensorFlow2', 'TfJs', 'tfjs'],
  variation: ['singlepose-lightning', 'default'],
  id: ['1', '2', '0', '-1', '1.5', '1e3'],
  org: ['demo', 'google'],
  version: ['1', '2', '0', '-1'],
  username: ['admin', 'demo'],
}

const hostileSegments = [
  '',
  '.',
  '..',
  '%2e%2e',
  '%2E%2e%2f',
  '..%2f..%2fetc%2fpasswd',
  '%',
  '%%',
  '%zz',
  '%E0%A4%A',
  '%E0%A4',
  '%C0%AF',
  '%ED%A0%80',
  '%FF%FE',
  '%00',
  '%0d%0aSet-Cookie:x=1',
  '%2F',
  '%5C',
  'a%20b',
  'ü',
  '%C3%BC',
  'मॉडल',
  '😀',
  '\u202e',
  '\u0000',
  'a\\b',
  'C:',
  '<script>',
  '\'"`',
  '${x}',
  '*',
  ':owner',
  'null',
  'undefined',
  '-1',
  '1e309',
  'NaN',
  '0x10',
  '99999999999999999999',
  'model.json',
  'a.b.c',
  '~',
]

function longText(r: Rand) {
  const n = pick(r, [256, 1024, 4096, 16 * 1024 - 200])
  const unit = pick(r, ['a', '%41', 'ü', '%E0%A4%A', '../', '😀', '%'])
  return unit.repeat(Math.ceil(n / unit.length)).slice(0, n)
}

function segment(r: Rand, param?: string): string {
  const x = r()
  if (param && realByParam[param] && x < 0.35) return pick(r, realByParam[param]!)
  if (x < 0.8) return pick(r, hostileSegments)
  if (x < 0.9) return longText(r)
  // random code points, percent-encoded or raw
  let s = ''
  for (let i = 0, n = 1 + int(r, 12); i < n; i++) {
    // no lone surrogates: encodeURIComponent refuses them
    const cp = pick(r, [
      int(r, 0x80),
      0x80 + int(r, 0x780),
      0x800 + int(r, 0xd000),
      0x1f300 + int(r, 0x300),
    ])
    s += String.fromCodePoint(cp)
  }
  return chance(r, 0.5) ? encodeURIComponent(s) : s
}

/** A concrete path for a route pattern like /api/v1/models/:owner/:slug/get or /api/v1/x/* */
function fuzzPath(r: Rand, pattern: string): string {
  const parts = pattern.split('/').map((part, i) => {
    if (i === 0) return part // the leading '' keeps the path absolute (else the host changes)
    if (part === '*') {
      const n = int(r, 5)
      return Array.from({ length: n }, () => segment(r)).join('/')
    }
    const param = /^:([A-Za-z_]+)/.exec(part)?.[1]
    if (param) return segment(r, param)
    // sometimes the fixed parts too: other spellings must 404 in the envelope
    return chance(r, 0.05) ? segment(r) : part
  })
  let path = parts.join('/')
  if (chance(r, 0.05)) path += '/'
  if (chance(r, 0.03)) path += '/' + longText(r)
  return path
}

const queryNames = [
  'search',
  'sortBy',
  'sort_by',
  'sort',
  'pageSize',
  'page_size',
  'pageToken',
  'page_token',
  'maxSize',
  'max_size',
  'facets',
  'owner',
  'framework',
  'license',
  'licence',
  'task',
  'provenance',
  'size',
  'format',
  'returnTo',
  'q',
  'o',
  's',
  't',
  'page',
  'days',
  'status',
  'tfjs-format',
  'tf-hub-format',
  'lite-format',
]
const garbageValues = [
  '',
  '-1',
  '0',
  '1',
  '100000000000000000000',
  '1e3',
  'NaN',
  'true',
  '[]',
  '{}',
  '%',
  '%E0%A4%A',
  '%00',
  'ü',
  '😀',
  '\u0000',
  '<script>alert(1)</script>',
  "' or 1=1 --",
  'a*b*c*d*e*f*g*h*i*j*k*l',
  'compressed',
  'hotness',
  'LIST_MODELS_ORDER_BY_HOTNESS',
  '1GB',
  '10MB',
  'https://evil.example/',
  '//evil.example',
  'javascript:alert(1)',
]

function queryValue(r: Rand, token?: string) {
  if (token && chance(r, 0.2)) return editToken(r, token)
  if (chance(r, 0.1)) return longText(r)
  const v = pick(r, garbageValues)
  // raw characters a client may send unencoded, or the value encoded properly
  return chance(r, 0.5) ? v : encodeURIComponent(v)
}

/** A real page token, damaged: a flipped character, cut, lengthened, or re-encoded. */
function editToken(r: Rand, token: string) {
  const i = int(r, token.length)
  switch (int(r, 6)) {
    case 0:
      return token.slice(0, i) + pick(r, ['A', '_', '-', '%', '=', '.']) + token.slice(i + 1)
    case 1:
      return token.slice(0, i)
    case 2:
      return token + token
    case 3:
      return encodeURIComponent(btoa(token))
    case 4:
      return token.replace(/\./g, '')
    default:
      return 'x'.repeat(int(r, 5000))
  }
}

function fuzzQuery(r: Rand, token?: string) {
  if (chance(r, 0.3)) return ''
  const pairs: string[] = []
  for (let i = 0, n = 1 + int(r, 6); i < n; i++) {
    const name = chance(r, 0.85) ? pick(r, queryNames) : segment(r)
    const times = chance(r, 0.2) ? 2 + int(r, 3) : 1 // repeated parameters
    for (let k = 0; k < times; k++)
      pairs.push(chance(r, 0.05) ? name : `${name}=${queryValue(r, token)}`)
  }
  if (chance(r, 0.05)) pairs.push('&&=&=')
  return '?' + pairs.join('&')
}

const garbageHeaderValues = [
  '',
  'garbage',
  '*',
  '"abc"',
  'W/"abc"',
  '"a", W/"b", *',
  'W/',
  '"',
  'Thu, 01 Jan 1970 00:00:00 GMT',
  'Sat, 32 Foo 99999 99:99:99 GMT',
  'Mon, 01 Jan 3000 00:00:00 GMT',
  '-1',
  '0',
  'NaN',
  '%FF',
]
const rangeValues = [
  'bytes=0-0',
  'bytes=0-',
  'bytes=-1',
  'bytes=-0',
  'bytes=5-1',
  'bytes=0-1,2-3',
  'bytes=99999999999999999999-',
  'bytes=-99999999999999999999',
  'bytes=1e3-2e3',
  'bytes=',
  'bytes=--',
  'items=0-1',
  'bytes=0-0, -1',
  'bytes = 0-1',
  'bytes=0-1,'.repeat(300),
  'garbage',
]

function fuzzHeaders(r: Rand, method: string): Record<string, string> {
  const h: Record<string, string> = {}
  if (chance(r, 0.3)) h.range = chance(r, 0.8) ? pick(r, rangeValues) : pick(r, garbageHeaderValues)
  for (const name of ['if-match', 'if-none-match', 'if-range', 'if-modified-since']) {
    if (chance(r, 0.15)) h[name] = pick(r, garbageHeaderValues)
  }
  if (chance(r, 0.1)) h['if-unmodified-since'] = pick(r, garbageHeaderValues)
  if (chance(r, 0.1)) h['accept-encoding'] = pick(r, ['gzip', 'br, *;q=0', 'identity;q=0', '%'])
  if (chance(r, 0.1)) h.accept = pick(r, ['text/html', 'application/json', '*/*', '%E0%A4%A'])
  const auth = int(r, 10)
  if (auth === 0) h.authorization = 'Bearer test-admin-token'
  else if (auth === 1)
    h.authorization = pick(r, ['Bearer ', 'Basic %%%', 'Basic ' + btoa('a:b'), 'Bearer %FF'])
  else if (auth === 2) h.cookie = pick(r, ['session=garbage', 'session=', 'session=%E0%A4%A'])
  if (method !== 'GET' && method !== 'HEAD') {
    if (chance(r, 0.5))
      h.origin = pick(r, ['http://modelport.test', 'https://evil.example', 'null'])
    const ct = int(r, 6)
    if (ct < 3) h['content-type'] = 'application/json'
    else if (ct === 3)
      h['content-type'] = pick(r, [
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/json; charset=utf-16',
        'application/octet-stream',
        '%',
      ])
  }
  return h
}

const jsonBodies = [
  '',
  '{',
  '}',
  '[',
  'null',
  'true',
  '0',
  '"x"',
  '[]',
  '{}',
  '{"a":',
  '{"__proto__":{"admin":true}}',
  '{"constructor":{"prototype":{"x":1}}}',
  '\u0000',
  '\ufeff{}',
  '{"name":"\ud800"}',
]
const fieldNames = [
  'name',
  'username',
  'password',
  'email',
  'body',
  'title',
  'displayName',
  'ownerSlug',
  'modelSlug',
  'slug',
  'pageSize',
  'pageToken',
  'search',
  'sortBy',
  'scopes',
  'expiresInDays',
  'value',
  'format',
  'note',
  'token',
]
const fieldValues: unknown[] = [
  null,
  true,
  -1,
  0,
  1e308,
  -0,
  1.5,
  '',
  ' ',
  '%E0%A4%A',
  '..',
  '😀',
  '\u0000',
  'a'.repeat(70_000),
  [],
  {},
  [1, 'a'],
  { nested: { deep: [null] } },
  'demo',
  'movenet',
]

function fuzzBody(r: Rand): BodyInit | undefined {
  const x = int(r, 10)
  if (x === 0) return undefined
  if (x <= 3) return pick(r, jsonBodies)
  if (x === 4) return longText(r)
  if (x === 5) return new Uint8Array(Array.from({ length: int(r, 64) }, () => int(r, 256)))
  const obj: Record<string, unknown> = {}
  for (let i = 0, n = int(r, 6); i < n; i++)
    obj[chance(r, 0.9) ? pick(r, fieldNames) : segment(r)] = pick(r, fieldValues)
  return JSON.stringify(obj)
}

/**
 * The documented non-JSON answers: a 304 or a redirect has no envelope, and neither has a HEAD
 * answer (no body at all); the static assets answer non-API paths (tfhub.dev URLs that name no
 * publisher): the SPA's HTML, or the assets' own 404 when dist/web is empty.
 */
function nonJsonAnswer(method: string, path: string, res: Response) {
  if (res.status === 304) return 'not modified'
  if ([301, 302, 303, 307, 308].includes(res.status)) return 'redirect'
  if (method === 'HEAD') return 'HEAD has no body'
  const apiPath = /^\/(api\/)?v1(\/|$)/.test(path)
  // the static assets (ASSETS binding): the SPA's index.html, or a plain 404 with no build
  if (!apiPath && !(res.headers.get('content-type') ?? '').startsWith('application/json'))
    return 'SPA fallback'
  return undefined
}

interface Sent {
  method: string
  url: string
  headers: Record<string, string>
  body?: string
}

function describeSent(s: Sent) {
  const short = (t: string) => (t.length > 300 ? `${t.slice(0, 300)}… (${t.length} chars)` : t)
  return `${s.method} ${short(s.url)} headers=${short(JSON.stringify(s.headers))} body=${short(s.body ?? '')}`
}

/** Checks one answer; returns a problem or undefined. */
async function problemOf(method: string, path: string, res: Response) {
  if (res.status >= 500) return `status ${res.status}: ${await res.text()}`
  if (res.status < 300) {
    await res.body?.cancel()
    return undefined
  }
  if (nonJsonAnswer(method, path, res)) {
    await res.body?.cancel()
    return undefined
  }
  const text = await res.text()
  let body: any
  try {
    body = JSON.parse(text)
  } catch {
    return `status ${res.status} is not JSON: ${text.slice(0, 200)}`
  }
  const ok =
    body &&
    body.code === res.status &&
    typeof body.message === 'string' &&
    typeof body.error?.code === 'string' &&
    body.error.message === body.message
  return ok ? undefined : `status ${res.status} is not the envelope: ${text.slice(0, 200)}`
}

/** The routes to fuzz: every handler in the route table (not the middleware), method and path. */
function routeTable() {
  const seen = new Set<string>()
  const routes: { method: string; path: string }[] = []
  for (const r of app.routes) {
    const key = `${r.method} ${r.path}`
    // middleware is registered as ALL on a wildcard; handlers are what a client can reach
    if (r.method === 'ALL' && r.path.endsWith('*') && r.handler.length >= 2) continue
    if (seen.has(key)) continue
    seen.add(key)
    routes.push({ method: r.method, path: r.path })
  }
  return routes
}

const allMethods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']
let pageToken = ''

beforeAll(async () => {
  await seedDemo()
  const res = await request('/api/v1/models/list?pageSize=1')
  pageToken = (await json(res)).nextPageToken ?? ''
})

describe(`HTTP fuzz (seed ${seed}, ${perRoute} requests per route)`, () => {
  const routes = routeTable()

  it('reads routes from the table', () => {
    expect(routes.length).toBeGreaterThan(20)
    expect(routes.some((r) => r.path.startsWith('/v1/'))).toBe(true)
  })

  it('has a page token to edit', () => {
    expect(pageToken.length).toBeGreaterThan(0)
  })

  it.each(routes.map((r) => [`${r.method} ${r.path}`, r] as const))(
    '%s: no 5xx, every non-2xx in the envelope',
    { timeout: Math.max(60_000, perRoute * 50) },
    async (name, route) => {
      // one stream per route, so that a route's failures replay alone
      let h = seed
      for (const ch of name) h = Math.imul(h ^ ch.charCodeAt(0), 16777619)
      const r = mulberry32(h)
      const problems: string[] = []
      for (let i = 0; i < perRoute; i++) {
        const method =
          route.method === 'ALL' || chance(r, 0.05) ? pick(r, allMethods) : route.method
        const path = fuzzPath(r, route.path)
        const url = `http://modelport.test${path}${fuzzQuery(r, pageToken)}`
        const headers = fuzzHeaders(r, method)
        const body = method === 'GET' || method === 'HEAD' ? undefined : fuzzBody(r)
        const sent: Sent = { method, url, headers, body: typeof body === 'string' ? body : '' }
        let res: Response
        try {
          res = await app.request(url, { method, headers, body }, env)
        } catch (err) {
          // a URL or header the Request constructor refuses never reaches a server
          if (err instanceof TypeError) continue
          problems.push(`threw ${err} for ${describeSent(sent)}`)
          continue
        }
        const problem = await problemOf(method, new URL(url).pathname, res)
        if (problem) problems.push(`#${i} ${problem}\n    ${describeSent(sent)}`)
        if (problems.length >= 5) break
      }
      expect(problems, `seed ${seed}, ${name}`).toEqual([])
    },
  )
})
