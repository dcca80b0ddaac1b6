// The public pages the Worker answers (worker/routes/pages.ts): their status and head in the first
// response, escaped whatever the catalog holds; sitemap.xml and robots.txt. Through the real
// entry, with the built index.html behind the ASSETS binding.
import { env, exports } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { models } from '../../db/schema'
import { makeUser } from './accounts-helpers'
import { db, fresh, makeModel, seedDemo } from './helpers'

const origin = 'https://modelport.test'
const hostile = `</title><script>alert(1)</script>"'><img src=x onerror=alert(2)>&amp;`

const page = (path: string, init?: RequestInit) =>
  exports.default.fetch(
    new Request(`${origin}${path}`, { headers: { accept: 'text/html' }, ...init }),
  )

/** The values of <meta> tags and the like, read back from the HTML as a browser would. */
function headOf(html: string) {
  const head = html.slice(0, html.indexOf('</head>'))
  const decode = (s: string) =>
    s
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&')
  const meta = (key: string) => {
    const all = [...head.matchAll(/<meta (?:name|property)="([^"]+)" content="([^"]*)"/g)]
    return all.filter((m) => m[1] === key).map((m) => decode(m[2]!))
  }
  const titles = [...head.matchAll(/<title>([^<]*)<\/title>/g)].map((m) => decode(m[1]!))
  const canonical = /<link rel="canonical" href="([^"]*)"/.exec(head)?.[1]
  const ld = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(head)?.[1]
  return { head, meta, titles, canonical: canonical && decode(canonical), ld: ld && JSON.parse(ld) }
}

/** No element or attribute came from the catalog's text: the only tags are ours. */
function expectInert(html: string) {
  // inside a double-quoted attribute value `<` is text (the server-rendered search box's value
  // keeps it, as Solid writes it): what is left once the values are taken out must be inert
  const markup = html.replace(/="[^"]*"/g, '=""')
  expect(markup).not.toContain('<script>alert')
  expect(markup).not.toContain('<img src=x')
  expect(markup).not.toMatch(/"\s*onerror=/)
}

beforeAll(async () => {
  await seedDemo()
})

describe('GET /models/:owner/:model (a page)', () => {
  it('answers 200 with the model title, description, canonical, Open Graph, Twitter and JSON-LD', async () => {
    const res = await page('/models/demo/movenet')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/html/)
    expect(res.headers.get('etag')).toBeNull()
    const h = headOf(await res.text())
    expect(h.titles).toHaveLength(1)
    expect(h.titles[0]).toMatch(/^MoveNet by .+ · Modelport$/)
    expect(h.meta('description')).toHaveLength(1)
    expect(h.meta('description')[0]!.length).toBeGreaterThan(10)
    expect(h.canonical).toBe(`${origin}/models/demo/movenet`)
    expect(h.meta('og:title')[0]).toMatch(/^MoveNet by /)
    expect(h.meta('og:url')).toEqual([`${origin}/models/demo/movenet`])
    expect(h.meta('twitter:card')).toEqual(['summary'])
    expect(h.meta('robots')).toEqual([])
    expect(h.ld).toMatchObject({
      '@context': 'https://schema.org',
      name: 'MoveNet',
      url: `${origin}/models/demo/movenet`,
    })
  })

  it('answers every URL form of the page: framework, variation, version, a trailing path', async () => {
    for (const path of [
      '/models/demo/movenet/tfJs',
      '/models/demo/movenet/tfJs/singlepose-lightning',
      '/models/demo/movenet/tfJs/singlepose-lightning/1',
      '/models/demo/movenet/discussion/1',
    ]) {
      const res = await page(path)
      expect(res.status, path).toBe(200)
      const h = headOf(await res.text())
      expect(h.titles[0], path).toMatch(/^MoveNet by /)
      expect(h.canonical, path).toBe(`${origin}${path}`)
    }
  })

  it('answers 404 with the not-found title and noindex for an unknown model, its other forms too', async () => {
    for (const path of ['/models/demo/no-such-model', '/models/no-such-owner/x/tfJs/y/1']) {
      const res = await page(path)
      expect(res.status, path).toBe(404)
      const html = await res.text()
      const h = headOf(html)
      expect(h.titles).toEqual(['Model not found · Modelport'])
      expect(h.meta('robots')).toEqual(['noindex, follow'])
      expect(h.ld).toBeUndefined()
      // the SPA still boots and renders its not-found page
      expect(html).toContain('<div id="root">')
    }
  })

  it('escapes a hostile title, subtitle and card in every tag', async () => {
    const { owner, model } = await makeModel({
      title: hostile,
      subtitle: `${hostile} subtitle`,
      cardMd: `# ${hostile}`,
    })
    const res = await page(`/models/${owner.slug}/${model.slug}`)
    expect(res.status).toBe(200)
    const html = await res.text()
    expectInert(html)
    const h = headOf(html)
    expect(h.titles).toEqual([`${hostile} by Acme · Modelport`])
    expect(h.meta('og:title')).toEqual([`${hostile} by Acme`])
    expect(h.meta('twitter:title')).toEqual([`${hostile} by Acme`])
    expect(h.meta('description')).toEqual([`${hostile} subtitle`])
    // JSON-LD cannot close its script element
    const ld = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(h.head)![1]!
    expect(ld).not.toContain('<')
    expect(h.ld.name).toBe(hostile)
  })

  it('a private model: 404 signed out, 200 for its owner, never shared by a cache', async () => {
    const user = await makeUser()
    const [model] = await db()
      .insert(models)
      .values({
        ownerId: user.ownerId,
        slug: fresh('secret'),
        title: 'Secret model',
        provenance: 'community',
        isPrivate: true,
      })
      .returning()
    const path = `/models/${user.username}/${model!.slug}`
    const anonymous = await page(path)
    expect(anonymous.status).toBe(404)
    expect(await anonymous.text()).not.toContain('Secret model')
    const mine = await page(path, {
      headers: { accept: 'text/html', cookie: `__Host-modelport_session=${user.session}` },
    })
    expect(mine.status).toBe(200)
    expect(mine.headers.get('cache-control')).toBe('private, no-cache')
    expect(headOf(await mine.text()).titles[0]).toMatch(/^Secret model by /)
  })
})

describe('GET /owners/:owner (a page)', () => {
  it('answers 200 with the owner name and its model count', async () => {
    const { owner } = await makeModel()
    const res = await page(`/owners/${owner.slug}`)
    expect(res.status).toBe(200)
    const h = headOf(await res.text())
    expect(h.titles).toEqual(['Acme · Modelport'])
    expect(h.meta('description')).toEqual(['1 pre-trained model by Acme on Modelport.'])
    expect(h.meta('og:type')).toEqual(['profile'])
  })

  it('answers 404 for an unknown owner', async () => {
    const res = await page('/owners/no-such-owner-here')
    expect(res.status).toBe(404)
    expect(headOf(await res.text()).titles).toEqual(['Owner not found · Modelport'])
  })
})

describe('GET / and /models (a page)', () => {
  it('the landing: indexed, canonical /models', async () => {
    for (const path of ['/', '/models']) {
      const res = await page(path)
      expect(res.status).toBe(200)
      const h = headOf(await res.text())
      expect(h.titles).toEqual(['Models · Modelport'])
      expect(h.canonical).toBe(`${origin}/models`)
      expect(h.meta('robots')).toEqual([])
    }
  })

  it('a search or a filter is noindex, and a hostile query is escaped', async () => {
    const res = await page(`/models?q=${encodeURIComponent(hostile)}`)
    expect(res.status).toBe(200)
    const html = await res.text()
    expectInert(html)
    const h = headOf(html)
    expect(h.titles).toEqual([`Search: ${hostile} · Modelport`])
    expect(h.meta('robots')).toEqual(['noindex, follow'])
    expect(h.canonical).toBe(`${origin}/models`)
    const filtered = headOf(await (await page('/models?framework=tfJs')).text())
    expect(filtered.meta('robots')).toEqual(['noindex, follow'])
  })

  it('keeps the security headers of the static shell', async () => {
    const res = await page('/models')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    // dist/web/_headers: the CSP with the inline scripts' hashes, which the head adds none to
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self' 'sha256-/)
    expect(res.headers.get('x-frame-options')).toBe('DENY')
  })
})

describe('a page whose head cannot be read', () => {
  it('falls back to the plain SPA shell when D1 fails', async () => {
    const broken = {
      ...env,
      DB: new Proxy(env.DB, {
        get: (target, name) =>
          name === 'prepare'
            ? () => target.prepare('SELECT * FROM no_such_table_in_this_test')
            : Reflect.get(target, name),
      }),
    } as Env
    const { default: app } = await import('../../worker/app')
    const res = await app.request(`${origin}/models/demo/movenet`, {}, broken)
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('<div id="root">')
    expect(html).not.toContain('rel="canonical"')
  })
})

describe('GET /sitemap.xml and /robots.txt', () => {
  it('lists the landing, owners and public models, not private or unlisted ones', async () => {
    const listed = await makeModel()
    const hidden = await makeModel({ isPrivate: true })
    const unlisted = await makeModel({ isListed: false })
    const res = await page('/sitemap.xml')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/xml; charset=utf-8')
    const xml = await res.text()
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<urlset /)
    expect(xml).toContain(`<loc>${origin}/models</loc>`)
    expect(xml).toContain(`<loc>${origin}/models/demo/movenet</loc>`)
    expect(xml).toContain(`<loc>${origin}/models/${listed.owner.slug}/${listed.model.slug}</loc>`)
    expect(xml).toContain(`<loc>${origin}/owners/${listed.owner.slug}</loc>`)
    expect(xml).not.toContain(hidden.model.slug)
    expect(xml).not.toContain(unlisted.model.slug)
    expect(xml).not.toContain(`/owners/${hidden.owner.slug}<`)
    expect(xml).toMatch(/<lastmod>\d{4}-\d\d-\d\dT[\d:.]+Z<\/lastmod>/)
  })

  it('answers the envelope for a part that is not there or not a number', async () => {
    const missing = await page('/sitemap.xml?part=999')
    expect(missing.status).toBe(404)
    expect(await missing.json()).toMatchObject({ error: { code: 'NOT_FOUND' } })
    const bad = await page('/sitemap.xml?part=abc')
    expect(bad.status).toBe(400)
    expect(await bad.json()).toMatchObject({ error: { code: 'BAD_REQUEST' } })
  })

  it('robots.txt points at the sitemap and keeps crawlers off the API and the account pages', async () => {
    const res = await page('/robots.txt')
    expect(res.status).toBe(200)
    const text = await res.text()
    expect(text).toContain(`Sitemap: ${origin}/sitemap.xml`)
    expect(text).toContain('Disallow: /api/')
    expect(text).toContain('Disallow: /account')
    expect(text).toContain('Disallow: /notebook-runner/')
  })
})
