// The notebook runner's frame (worker/notebooks/runner-frame.ts): sandboxed by its own CSP, its one
// inline script allowed by a nonce that changes with every answer, framed only by the site, and
// never cached.
import { describe, expect, it } from 'vitest'
import { request } from './helpers'

const directives = (csp: string) =>
  new Map(
    csp.split(';').map((d) => {
      const [name = '', ...values] = d.trim().split(/\s+/)
      return [name, values] as const
    }),
  )

describe('GET /notebook-runner/frame', () => {
  it('is an opaque-origin document: sandboxed with scripts only, eval, the site only', async () => {
    const res = await request('/notebook-runner/frame')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(res.headers.get('cache-control')).toBe('no-store')
    const csp = directives(res.headers.get('content-security-policy') ?? '')
    expect(csp.get('sandbox')).toEqual(['allow-scripts'])
    expect(csp.get('default-src')).toEqual(["'none'"])
    expect(csp.get('worker-src')).toEqual(['data:', 'http://modelport.test/assets/runner/'])
    expect(csp.get('connect-src')).toEqual(['http://modelport.test'])
    expect(csp.get('frame-ancestors')).toEqual(['http://modelport.test'])
    const [nonce, ...rest] = csp.get('script-src') ?? []
    expect(rest).toEqual(["'unsafe-eval'"])
    const html = await res.text()
    const scripts = [...html.matchAll(/<script nonce="([^"]+)">/g)].map((m) => m[1])
    expect(scripts).toHaveLength(1)
    expect(nonce).toBe(`'nonce-${scripts[0]}'`)
    // the frame answers its parent only at the site's origin
    expect(html).toContain('var home = "http://modelport.test"')
    expect(html).toContain('parent.postMessage(message, home)')
  })

  it('has a new nonce every time', async () => {
    const nonces = new Set<string>()
    for (let i = 0; i < 3; i++) {
      const res = await request('/notebook-runner/frame')
      nonces.add(res.headers.get('content-security-policy')!.match(/'nonce-([^']+)'/)![1]!)
    }
    expect(nonces.size).toBe(3)
  })
})
