// The headers of each kind of answer, against the running server (`npm start`'s code path on a
// port and state folder of its own), and the SPA in chromium with its CSP on: the app itself
// causes no violation. docs/security.md says why each header is there.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { startModelport } from '../../scripts/start.mjs'
import { launchChromium } from './browser.mjs'

let modelport
let stateDir
const other = 'https://elsewhere.example'
const file = '/api/v1/files/demo/movenet/tfJs/singlepose-lightning/1/model.json'
const archive = '/api/v1/archives/demo/movenet/tfJs/singlepose-lightning/1'

before(async () => {
  stateDir = mkdtempSync(path.join(tmpdir(), 'modelport-headers-'))
  modelport = await startModelport({
    port: 8791,
    persistTo: stateDir,
    inspectorPort: 9241,
    log: () => {},
  })
})

after(async () => {
  await modelport?.stop()
  if (stateDir) rmSync(stateDir, { recursive: true, force: true })
})

const get = (p, init) => fetch(`${modelport.origin}${p}`, init)

function assertHtmlHeaders(res) {
  assert.match(res.headers.get('content-type'), /^text\/html/)
  const csp = res.headers.get('content-security-policy')
  assert.ok(csp, 'CSP present')
  const scripts = csp.split(';').find((d) => d.trim().startsWith('script-src'))
  assert.ok(scripts && !scripts.includes('unsafe-inline'), `no inline scripts: ${scripts}`)
  assert.match(scripts, /'sha256-[A-Za-z0-9+/]+=*'/)
  assert.match(csp, /frame-ancestors 'none'/)
  assert.match(csp, /object-src 'none'/)
  assert.match(csp, /img-src 'self' https: data:/)
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff')
  assert.equal(res.headers.get('referrer-policy'), 'strict-origin-when-cross-origin')
}

function assertEnvelope(body, status) {
  assert.equal(body.code, status)
  assert.equal(typeof body.message, 'string')
  assert.equal(typeof body.error.code, 'string')
}

function assertNoCors(res) {
  assert.equal(res.headers.get('access-control-allow-origin'), null)
}

function assertSharedRead(res) {
  assert.equal(res.headers.get('access-control-allow-origin'), '*')
  assert.equal(res.headers.get('access-control-allow-credentials'), null)
  const exposed = res.headers.get('access-control-expose-headers')
  for (const name of ['content-length', 'content-range', 'etag', 'content-disposition'])
    assert.ok(exposed.includes(name), `exposes ${name}`)
}

describe('headers of each kind of answer', () => {
  it('SPA HTML: the landing page, a deep link (SPA fallback), a non-publisher path', async () => {
    for (const p of ['/', '/models/demo/movenet', '/no-such-publisher/x']) {
      const res = await get(p, { headers: { accept: 'text/html' } })
      assert.equal(res.status, 200, p)
      assertHtmlHeaders(res)
    }
  })

  it('a hashed asset: nosniff, its own type', async () => {
    const html = await (await get('/')).text()
    const src = /<script type="module" crossorigin src="(\/assets\/[^"]+\.js)"/.exec(html)[1]
    const res = await get(src)
    assert.equal(res.status, 200)
    assert.match(res.headers.get('content-type'), /javascript/)
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff')
  })

  it('a JSON API read: nosniff, shared with any origin, without credentials', async () => {
    const res = await get('/api/v1/models/list', { headers: { origin: other } })
    assert.equal(res.status, 200)
    assert.match(res.headers.get('content-type'), /^application\/json/)
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff')
    assertSharedRead(res)
  })

  it('JSON errors (404, 400): the envelope, nosniff, no-store', async () => {
    for (const [p, status] of [
      ['/api/v1/no-such-route', 404],
      ['/api/v1/models/nobody/nothing/get', 404],
      [`${file.replace('model.json', '%E0')}`, 400],
    ]) {
      const res = await get(p)
      assert.equal(res.status, status, p)
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff', p)
      assert.equal(res.headers.get('cache-control'), 'no-store', p)
      assertEnvelope(await res.json(), status)
    }
  })

  it('admin answers: no-store, never CORS, with or without the token', async () => {
    const ok = await get('/api/v1/admin/sync/runs', {
      headers: { authorization: `Bearer ${modelport.adminToken}`, origin: other },
    })
    assert.equal(ok.status, 200)
    assert.equal(ok.headers.get('cache-control'), 'no-store')
    assert.equal(ok.headers.get('x-content-type-options'), 'nosniff')
    assertNoCors(ok)
    const refused = await get('/api/v1/admin/sync/runs', { headers: { origin: other } })
    assert.equal(refused.status, 401)
    assert.equal(refused.headers.get('cache-control'), 'no-store')
    assertNoCors(refused)
    assertEnvelope(await refused.json(), 401)
  })

  it('account answers are never shared', async () => {
    const res = await get('/api/v1/auth/session', { headers: { origin: other } })
    assert.equal(res.status, 200)
    assertNoCors(res)
  })

  it('a file download: shared, nosniff, cached as immutable; a Range answer too', async () => {
    const res = await get(file, { headers: { origin: other } })
    assert.equal(res.status, 200)
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff')
    assert.match(res.headers.get('cache-control'), /immutable/)
    assertSharedRead(res)
    await res.arrayBuffer()
    const part = await get(file, { headers: { origin: other, range: 'bytes=0-9' } })
    assert.equal(part.status, 206)
    assertSharedRead(part)
    await part.arrayBuffer()
  })

  it('an archive: shared, nosniff', async () => {
    const res = await get(archive, { headers: { origin: other } })
    assert.equal(res.status, 200)
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff')
    assertSharedRead(res)
    await res.arrayBuffer()
  })

  it('an avatar that is not there: the envelope, no-store, nosniff', async () => {
    const res = await get('/api/v1/avatars/nobody', { headers: { origin: other } })
    assert.equal(res.status, 404)
    assert.equal(res.headers.get('cache-control'), 'no-store')
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff')
    assertEnvelope(await res.json(), 404)
  })

  it('a preflight for a read from another origin is allowed (Range included)', async () => {
    const res = await get(file, {
      method: 'OPTIONS',
      headers: {
        origin: other,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'range',
      },
    })
    assert.equal(res.status, 204)
    assert.equal(res.headers.get('access-control-allow-origin'), '*')
    assert.match(res.headers.get('access-control-allow-methods'), /GET/)
    assert.doesNotMatch(res.headers.get('access-control-allow-methods'), /POST/)
    assert.match(res.headers.get('access-control-allow-headers'), /range/)
    assert.equal(res.headers.get('access-control-allow-credentials'), null)
  })

  it('a preflight for a write, or for an account or admin path, is refused', async () => {
    for (const [p, method] of [
      ['/api/v1/models/demo/movenet/votes', 'POST'],
      ['/api/v1/account/profile', 'PATCH'],
      ['/api/v1/admin/sync/tfhub', 'POST'],
      ['/api/v1/admin/sync/runs', 'GET'],
    ]) {
      const res = await get(p, {
        method: 'OPTIONS',
        headers: { origin: other, 'access-control-request-method': method },
      })
      assert.equal(res.status, 403, `${method} ${p}`)
      assertNoCors(res)
      assertEnvelope(await res.json(), 403)
    }
  })
})

describe('the SPA with its CSP on (chromium)', () => {
  let browser
  before(async () => {
    browser = await launchChromium()
  })
  after(async () => {
    await browser?.close()
  })

  it('the app causes no CSP violation on its pages; an injected inline script is refused', async () => {
    const context = await browser.newContext()
    await context.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.abort())
    await context.addInitScript(() => {
      window.__violations = []
      document.addEventListener('securitypolicyviolation', (e) =>
        window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`),
      )
    })
    const page = await context.newPage()
    const errors = []
    page.on('pageerror', (err) => errors.push(err.message))
    for (const p of [
      '/',
      '/models?q=movenet',
      '/models/demo/movenet',
      '/models/google/movenet',
      '/owners/deepmind',
      '/models?q=%E0%3Cimg%20src=x%20onerror=window.__pwned=1%3E',
      '/models/demo/movenet#%E0',
    ]) {
      const res = await page.goto(`${modelport.origin}${p}`)
      assert.ok(res.headers()['content-security-policy'], `CSP on ${p}`)
      await page.waitForLoadState('networkidle')
      await page.waitForSelector('main h1, main [role="alert"], main .card', { timeout: 15000 })
      assert.deepEqual(await page.evaluate(() => window.__violations), [], `violations on ${p}`)
      assert.equal(await page.evaluate(() => window.__pwned), undefined)
    }
    assert.deepEqual(errors, [])
    // the policy is really on: an inline script added now is blocked and reported
    await page.evaluate(() => {
      const s = document.createElement('script')
      s.textContent = 'window.__pwned = 1'
      document.body.append(s)
    })
    await page.waitForFunction(() => window.__violations.length > 0)
    assert.equal(await page.evaluate(() => window.__pwned), undefined)
    assert.match((await page.evaluate(() => window.__violations))[0], /^script-src/)
    await context.close()
  })

  it('a client that runs no script (a crawler, a link preview) gets each page its status and head', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false })
    const page = await context.newPage()
    const head = () =>
      page.evaluate(() => ({
        title: document.title,
        canonical: document.querySelector('link[rel="canonical"]')?.href,
        robots: document.querySelector('meta[name="robots"]')?.content ?? null,
        ogTitle: document.querySelector('meta[property="og:title"]')?.content,
        descriptions: document.querySelectorAll('meta[name="description"]').length,
        ld: document.querySelector('script[type="application/ld+json"]')?.textContent ?? null,
      }))

    let res = await page.goto(`${modelport.origin}/models/demo/movenet`)
    assert.equal(res.status(), 200)
    let h = await head()
    assert.match(h.title, /^MoveNet by .+ · Modelport$/)
    assert.equal(h.canonical, `${modelport.origin}/models/demo/movenet`)
    assert.match(h.ogTitle, /^MoveNet by /)
    assert.equal(h.descriptions, 1)
    assert.equal(h.robots, null)
    assert.equal(JSON.parse(h.ld).name, 'MoveNet')

    res = await page.goto(`${modelport.origin}/models/demo/no-such-model`)
    assert.equal(res.status(), 404)
    assert.equal((await head()).title, 'Model not found · Modelport')
    res = await page.goto(`${modelport.origin}/owners/no-such-owner-here`)
    assert.equal(res.status(), 404)

    res = await page.goto(`${modelport.origin}/`)
    assert.equal(res.status(), 200)
    assert.equal((await head()).title, 'Models · Modelport')
    res = await page.goto(
      `${modelport.origin}/models?q=${encodeURIComponent('</title><script>window.__pwned=1</script>')}`,
    )
    h = await head()
    assert.equal(h.title, 'Search: </title><script>window.__pwned=1</script> · Modelport')
    assert.equal(h.robots, 'noindex, follow')
    // a server-rendered page drops index.html's early API request (its data is in the page) and
    // adds Solid's hydration script beside the model page's preload script
    assert.equal(await page.locator('head script#early-fetch').count(), 0)
    assert.equal(await page.locator('head script:not([type])').count(), 2)

    res = await page.goto(`${modelport.origin}/sitemap.xml`)
    assert.equal(res.status(), 200)
    assert.match(await res.text(), /<loc>[^<]+\/models\/demo\/movenet<\/loc>/)
    await context.close()
  })

  it('a server-rendered page paints with its inline rules alone as with the whole stylesheet', async () => {
    // what each element of the page looks like: its box and the properties that draw it
    const look = (page) =>
      page.evaluate(() =>
        [...document.querySelectorAll('body *')].map((el) => {
          const s = getComputedStyle(el)
          const box = el.getBoundingClientRect()
          return [
            `${el.tagName}.${el.getAttribute('class') ?? ''}`,
            [box.x, box.y, box.width, box.height].map(Math.round).join(','),
            s.display,
            s.color,
            s.backgroundColor,
            s.font,
            s.borderTopWidth,
            s.borderTopColor,
            s.visibility,
          ].join(' ')
        }),
      )
    for (const viewport of [
      { width: 1280, height: 900 },
      { width: 390, height: 844 },
    ])
      for (const p of ['/models', '/models/demo/movenet', '/owners/demo']) {
        const looks = []
        for (const inlineOnly of [false, true]) {
          const context = await browser.newContext({ javaScriptEnabled: false, viewport })
          const page = await context.newPage()
          // the whole stylesheet, linked at the end of the body, never arrives
          if (inlineOnly) await page.route(/\/assets\/index-[\w-]+\.css$/, (r) => r.abort())
          await page.goto(`${modelport.origin}${p}`, { waitUntil: 'load' })
          looks.push(await look(page))
          await context.close()
        }
        assert.deepEqual(looks[1], looks[0], `${p} at ${viewport.width} px`)
      }
  })

  it('a client that runs no script reads the pages themselves: card, variations, files, the list', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false })
    const page = await context.newPage()
    let res = await page.goto(`${modelport.origin}/models/demo/movenet`)
    assert.equal(res.status(), 200)
    const main = page.locator('main')
    assert.equal(await page.locator('h1').textContent(), 'MoveNet')
    // the card, rendered from its markdown
    assert.match(await main.textContent(), /MoveNet is an ultra fast and accurate model/)
    assert.ok(await page.locator('.markdown table').count(), 'the card table')
    // the variations and the selected version's files
    assert.match(await page.locator('.explorer').textContent(), /singlepose-lightning/)
    assert.match(await main.textContent(), /model\.json/)
    assert.match(await main.textContent(), /movenet-lightning\.bin/)

    res = await page.goto(`${modelport.origin}/models/demo/movenet/tfJs/singlepose-lightning/1`)
    assert.equal(res.status(), 200)
    assert.match(await page.locator('.explorer').textContent(), /singlepose-lightning/)

    res = await page.goto(`${modelport.origin}/`)
    assert.equal(res.status(), 200)
    const cards = page.locator('.model-grid article')
    assert.ok((await cards.count()) >= 10, `the landing lists models (${await cards.count()})`)
    assert.equal(
      await page.locator('a[href="/models/demo/movenet"]').first().textContent(),
      'MoveNet',
    )

    res = await page.goto(`${modelport.origin}/models?q=movenet`)
    assert.match(await page.locator('h1').textContent(), /Models matching “movenet”/)
    assert.ok(await page.locator('a[href="/models/demo/movenet"]').count())

    res = await page.goto(`${modelport.origin}/owners/demo`)
    assert.equal(res.status(), 200)
    assert.ok(await page.locator('a[href="/models/demo/movenet"]').count())

    res = await page.goto(`${modelport.origin}/models/demo/no-such-model`)
    assert.equal(res.status(), 404)
    await context.close()
  })

  it('the browser takes over a server-rendered page: same nodes, no second request, no CSP report', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    const problems = []
    page.on(
      'console',
      (m) =>
        m.type() === 'error' && !/ERR_NAME_NOT_RESOLVED/.test(m.text()) && problems.push(m.text()),
    )
    page.on('pageerror', (e) => problems.push(e.message))
    const apiCalls = []
    page.on('request', (r) => r.url().includes('/api/v1/models/') && apiCalls.push(r.url()))
    // the h1 the server sent is marked before any script runs; hydration keeps that very node
    await page.addInitScript(() => {
      document.addEventListener('DOMContentLoaded', () => {
        document.querySelector('h1')?.setAttribute('data-from-server', '')
      })
    })
    await page.goto(`${modelport.origin}/models/demo/movenet`)
    await page.waitForFunction(() => window.__modelportHydrated === true)
    assert.equal(await page.locator('h1[data-from-server]').textContent(), 'MoveNet')
    assert.deepEqual(apiCalls, [], 'the model, versions and files came with the page')
    // switching a variation right away is the app's, not a page load
    const before = await page.evaluate(() => performance.getEntriesByType('navigation').length)
    const link = page.locator('.explorer a[href^="/models/demo/movenet/"]').first()
    if (await link.count()) {
      await link.click()
      await page.waitForURL(/\/models\/demo\/movenet\/.+/)
      assert.equal(
        await page.evaluate(() => performance.getEntriesByType('navigation').length),
        before,
      )
    }
    assert.deepEqual(problems, [])
    await context.close()
  })

  it("a click or typing on the server's page before the app takes it over is acted on after", async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    const problems = []
    page.on('pageerror', (e) => problems.push(e.message))
    // the app's entry arrives a second late, so the page is the server's markup until then
    await page.route(/\/assets\/index-[\w-]+\.js$/, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1000))
      await route.continue()
    })
    const hydrated = () => page.evaluate(() => window.__modelportHydrated === true)

    // signed in, an upvote pressed on the server's button (not disabled, to keep its focus)
    await page.goto(`${modelport.origin}/models/demo/movenet`)
    const signUp = await page.evaluate(async () => {
      const res = await fetch('/api/v1/auth/signup', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          username: 'earlyvoter',
          displayName: 'Early voter',
          email: 'earlyvoter@example.test',
          password: 'correct horse 42',
        }),
      })
      return res.status
    })
    assert.equal(signUp, 201)
    await page.reload({ waitUntil: 'commit' })
    const vote = page.getByRole('button', { name: /^Upvote this model/ })
    await vote.click()
    assert.equal(await hydrated(), false, 'clicked before hydration')
    await page.waitForFunction(
      () =>
        document.querySelector('.model-header .vote-button')?.getAttribute('aria-pressed') ===
        'true',
    )

    await page.goto(`${modelport.origin}/models`, { waitUntil: 'commit' })
    await page.locator('#site-search').fill('movenet')
    assert.equal(await hydrated(), false, 'typed before hydration')
    await page.waitForURL(/[?&]q=movenet/)
    await page.getByRole('heading', { level: 1, name: /movenet/ }).waitFor()
    assert.deepEqual(problems, [])
    await context.close()
  })
})
