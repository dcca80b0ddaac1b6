// When D1 or R2 fails, every route answers the error envelope with a generic message: no driver
// text, no 502 carrying it, never cached (docs/security.md, "Errors"). The failures are real: the
// D1 wrapper runs every statement against a table that does not exist (D1's own error), the R2
// wrapper is an outage of the external store (every call rejects). Our code is not touched.
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import app from '../../worker/app'
import { seedDemo } from './helpers'

const internal =
  /no_such_table|D1_ERROR|SQLITE|R2 outage|no such table|Failed query|internal 10001/i

/** D1 whose every statement fails inside D1, with D1's error text */
function failingD1(real: D1Database): D1Database {
  const broken = () => real.prepare('SELECT * FROM no_such_table_in_this_test')
  return new Proxy(real, {
    get(target, name) {
      if (name === 'prepare') return () => broken()
      if (name === 'batch') return () => target.batch([broken()])
      if (name === 'exec') return () => target.exec('SELECT * FROM no_such_table_in_this_test')
      if (name === 'withSession') return () => failingD1(real)
      const value = Reflect.get(target, name)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}

/** R2 in an outage: every call rejects */
function failingR2(real: R2Bucket): R2Bucket {
  return new Proxy(real, {
    get(target, name) {
      const value = Reflect.get(target, name)
      if (typeof value !== 'function') return value
      return () => Promise.reject(new Error(`R2 outage: ${String(name)} failed (internal 10001)`))
    },
  })
}

const sample: Record<string, string> = {
  owner: 'demo',
  model: 'movenet',
  framework: 'tfJs',
  variation: 'singlepose-lightning',
  version: '1',
  publisher: 'google',
}

/** every route of the app, with its parameters filled in from the demo models */
function concreteRoutes() {
  const seen = new Set<string>()
  for (const r of app.routes) {
    if (r.method === 'ALL') continue
    const path = r.path
      .replace(/:(\w+)(\{[^}]*\})?/g, (_, name: string) => sample[name] ?? 'x')
      .replace(/\/\*$/, '/model.json')
    seen.add(`${r.method} ${path}`)
  }
  return [...seen].map((line) => line.split(' ') as [string, string])
}

async function send(method: string, path: string, testEnv: Env) {
  const init: RequestInit = {
    method,
    headers: {
      ...(path.includes('/admin') && { authorization: 'Bearer test-admin-token' }),
      'content-type': 'application/json',
      origin: 'http://modelport.test',
    },
  }
  if (method !== 'GET' && method !== 'HEAD') init.body = '{}'
  return app.request(`http://modelport.test${path}`, init, testEnv)
}

async function expectGenericFailure(method: string, path: string, res: Response) {
  const text = method === 'HEAD' ? '' : await res.text()
  expect(text, `${method} ${path}`).not.toMatch(internal)
  if (res.status < 400) return
  expect(res.status, `${method} ${path}`).not.toBe(502)
  expect(res.headers.get('cache-control'), `${method} ${path}`).toBe('no-store')
  expect(res.headers.get('x-content-type-options')).toBe('nosniff')
  if (method === 'HEAD') return
  const body = JSON.parse(text)
  expect(body.error.code, `${method} ${path}`).toBeTypeOf('string')
  if (res.status >= 500) expect(body.message).toBe('Internal server error')
}

beforeAll(async () => {
  await seedDemo()
})

const routes = concreteRoutes()

describe('D1 throws', () => {
  const broken = { ...env, DB: failingD1(env.DB) } as Env

  it(`every route (${routes.length}) answers the envelope with no internal text`, async () => {
    expect(routes.length).toBeGreaterThan(40)
    for (const [method, path] of routes) {
      await expectGenericFailure(method, path, await send(method, path, broken))
    }
  })

  for (const [method, path] of [
    ['GET', '/api/v1/models/list'],
    ['GET', '/api/v1/models/demo/movenet/get'],
    ['GET', '/api/v1/owners/demo'],
    ['GET', '/api/v1/files/demo/movenet/tfJs/singlepose-lightning/1/model.json'],
    ['GET', '/api/v1/archives/demo/movenet/tfJs/singlepose-lightning/1'],
    ['GET', '/api/v1/admin/sync/runs'],
    ['POST', '/v1/models.ModelApiService/ListModels'],
  ] as const) {
    it(`${method} ${path}: 500, generic message`, async () => {
      const res = await send(method, path, broken)
      expect(res.status).toBe(500)
      const body = (await res.json()) as { message: string; error: { code: string } }
      expect(body).toMatchObject({ code: 500, error: { code: 'INTERNAL' } })
      expect(body.message).toBe('Internal server error')
    })
  }
})

describe('R2 throws', () => {
  const broken = { ...env, BUCKET: failingR2(env.BUCKET) } as Env

  it(`every route (${routes.length}) answers the envelope with no internal text`, async () => {
    for (const [method, path] of routes) {
      await expectGenericFailure(method, path, await send(method, path, broken))
    }
  })

  for (const path of [
    '/api/v1/files/demo/movenet/tfJs/singlepose-lightning/1/model.json',
    '/api/v1/archives/demo/movenet/tfJs/singlepose-lightning/1',
  ]) {
    it(`GET ${path}: 500, generic message`, async () => {
      const res = await send('GET', path, broken)
      expect(res.status).toBe(500)
      expect(res.headers.get('cache-control')).toBe('no-store')
      const body = (await res.json()) as { message: string }
      expect(body.message).toBe('Internal server error')
    })
  }
})
