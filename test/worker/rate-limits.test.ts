import { describe, expect, it } from 'vitest'
import { routeClass } from '../../worker/http/rate-limit'
import { json, request } from './helpers'

// wrangler.toml's limits per client and minute (the bindings are the real ones, from that file)
const limits = { auth: 60, write: 120 }

const introspect = (ip: string) =>
  request('/api/v1/security.OAuthService/IntrospectToken', {
    method: 'POST',
    headers: { 'cf-connecting-ip': ip, 'content-type': 'application/json' },
    body: '{}',
  })

// The local limiter counts in windows aligned to the minute: a run of 2 * limit + 1 requests
// inside one minute has more than `limit` in one window, whenever it starts.
async function untilRefused(send: () => Response | Promise<Response>, limit: number) {
  for (let i = 0; i <= 2 * limit; i++) {
    const res = await send()
    if (res.status === 429) return res
    expect(res.status).toBeLessThan(500)
  }
  throw new Error(`no 429 after ${2 * limit + 1} requests`)
}

const octet = () => Math.floor(Math.random() * 250)
const randomIp = () => `198.18.${octet()}.${octet()}`

describe('route classes', () => {
  it.each([
    ['GET', '/api/v1/models/list', 'search'],
    ['GET', '/api/v1/models/google/movenet/get', 'read'],
    ['GET', '/api/v1/models/google/movenet/tfJs/lightning/versions', 'read'],
    ['GET', '/api/v1/models/google/movenet/tfJs/lightning/1/files', 'read'],
    ['GET', '/api/v1/models/google/movenet/tfJs/lightning/1/download', 'download'],
    ['GET', '/api/v1/models/google/movenet/tfJs/lightning/1/download/a/b.bin', 'download'],
    ['HEAD', '/api/v1/files/google/movenet/tfJs/lightning/1/model.json', 'download'],
    ['GET', '/api/v1/archives/google/movenet/tfJs/lightning/1', 'download'],
    ['POST', '/api/v1/auth/signin', 'auth'],
    ['POST', '/api/v1/auth/signup', 'auth'],
    ['POST', '/v1/security.OAuthService/IntrospectToken', 'auth'],
    ['POST', '/api/v1/admin/sync/tfhub', 'write'],
    ['DELETE', '/api/v1/account/tokens/3', 'write'],
    ['GET', '/api/v1/no/such/route', 'read'],
  ])('%s %s is a %s', (method, path, expected) => {
    expect(routeClass(method, path)).toBe(expected)
  })
})

describe('rate limits', () => {
  it('answers 429 with Retry-After in the envelope past a class limit, per client', async () => {
    const ip = randomIp()
    const res = await untilRefused(() => introspect(ip), limits.auth)
    expect(Number(res.headers.get('retry-after'))).toBe(60)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    expect(await json(res)).toMatchObject({
      code: 429,
      error: { code: 'TOO_MANY_REQUESTS', message: expect.stringContaining('retry in 60 s') },
    })
    // another client is not affected, nor this client's other classes
    expect((await introspect(randomIp())).status).toBe(200)
    const read = await request('/api/v1/models/nobody/nothing/get', {
      headers: { 'cf-connecting-ip': ip },
    })
    expect(read.status).toBe(404)
  })

  it('limits writes before they reach authentication or the database', async () => {
    const ip = randomIp()
    const res = await untilRefused(
      () =>
        request('/api/v1/admin/sync/tfhub', {
          method: 'POST',
          headers: { 'cf-connecting-ip': ip, authorization: 'Bearer wrong' },
        }),
      limits.write,
    )
    expect(res.headers.get('retry-after')).toBe('60')
  })
})
