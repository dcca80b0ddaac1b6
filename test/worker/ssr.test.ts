// Server rendering (docs/ssr.md): the app's components drawn by the Worker from the server build
// (dist/ssr), their data answered in-process, the query cache beside the markup for hydration;
// a failed render falls back to the shell with its head.
import { env, exports } from 'cloudflare:workers'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import type {
  ApiModelDetail,
  ListFilesResponse,
  ListVersionsResponse,
} from '../../worker/api-types'
import { makeModel, seedDemo } from './helpers'

const origin = 'https://modelport.test'

const get = (path: string) =>
  exports.default.fetch(new Request(`${origin}${path}`, { headers: { accept: 'text/html' } }))

const api = async <T>(path: string) => (await (await get(`/api/v1/${path}`)).json()) as T

/**
 * `#root`'s content, and what its data scripts write: each query's result with its key (they
 * run by the response's CSP nonce).
 */
function parts(html: string) {
  const root =
    /<div id="root" data-ssr="?"?>([\s\S]*)<\/div>\s*(?:<link rel="stylesheet"[^>]*>)?<\/body>/.exec(
      html,
    )
  if (!root) return undefined
  const nonce = /<script nonce="([^"]+)">window\._\$HY\|\|/.exec(html)?.[1]
  const scripts = [...root[1]!.matchAll(/<script nonce="([^"]+)">([\s\S]*?)<\/script>/g)]
  return {
    body: root[1]!.replace(/<script[\s\S]*?<\/script>/g, ''),
    nonce,
    scriptNonces: scripts.map((m) => m[1]),
    data: scripts.map((m) => m[2]).join('\n'),
  }
}

/** Text as it reads in HTML (Solid escapes `&`, `<`, quotes). */
const inHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;')

beforeAll(async () => {
  await seedDemo()
})

describe('a server-rendered model page', () => {
  it('is drawn in one pass: what its URL names is fetched before it', async () => {
    const passes = async (path: string) =>
      /desc="(\d+) pass(?:es)?"/.exec((await get(path)).headers.get('server-timing') ?? '')?.[1]
    // (other URLs than the other tests', whose pages the edge cache keeps)
    // the model, its first variation's versions and the latest version's files
    expect(await passes('/models/demo/blazeface')).toBe('1')
    expect(await passes('/models/demo/blazeface/tfJs/default/1')).toBe('1')
    expect(await passes('/models?q=blazeface&sort=updated')).toBe('1')
    expect(await passes('/owners/demo?q=blazeface')).toBe('1')
    // a tab whose data the URL does not name: one more
    expect(await passes('/models/demo/blazeface?tab=discussion')).toBe('2')
  })

  it('carries the card, the variations, the files and the data they were drawn from', async () => {
    const res = await get('/models/demo/movenet')
    expect(res.status).toBe(200)
    expect(res.headers.get('server-timing')).toMatch(/^ssr;dur=[\d.]+;desc="\d pass(es)?"$/)
    const html = await res.text()
    const page = parts(html)
    expect(page).toBeDefined()
    // the data scripts and Solid's head script run by this response's nonce, and no other
    expect(page!.nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/)
    expect(res.headers.get('content-security-policy')).toContain(`'nonce-${page!.nonce}'`)
    expect(new Set(page!.scriptNonces)).toEqual(new Set([page!.nonce]))
    const model = await api<ApiModelDetail>('models/demo/movenet/get')
    expect(page!.body).toContain(`<h1`)
    expect(page!.body).toContain(inHtml(model.title))
    // a line of the card, rendered from its markdown
    const line = model.description
      .split('\n')
      .find((l) => /^[A-Za-z][^*_`[\]<>#|]{30,}$/.test(l.trim()))!
    expect(page!.body).toContain(inHtml(line.trim().slice(0, 30)))
    const instance = model.instances![0]!
    expect(page!.body).toContain(inHtml(instance.slug))
    const ref = `demo/movenet/${instance.frameworkSlug}/${instance.slug}`
    const { versions } = await api<ListVersionsResponse>(`models/${ref}/versions`)
    const files = await api<ListFilesResponse>(
      `models/${ref}/${versions[0]!.versionNumber}/files?pageSize=1000`,
    )
    expect(files.files.length).toBeGreaterThan(0)
    for (const f of files.files.slice(0, 3))
      expect(page!.body).toContain(inHtml(f.name.split('/').pop()!))
    // the data scripts carry the model, its versions and files, all answered
    const hash = (key: unknown[]) => `queryHash:${JSON.stringify(JSON.stringify(key))}`
    expect(page!.data).toContain(hash(['models', 'detail', 'demo', 'movenet']))
    const key = ['models', 'detail', 'demo', 'movenet', instance.frameworkSlug, instance.slug]
    expect(page!.data).toContain(hash(key))
    expect(page!.data).toContain(hash([...key, versions[0]!.versionNumber, 'files']))
    expect(page!.data).not.toContain('status:"error"')
    // its data is here: no early API request, no "needs JavaScript" notice
    expect(html).not.toContain('id="early-fetch"')
    expect(html).not.toContain('<noscript>')
  })

  it('draws every URL form of the model page; a topic and the comparison are left to the browser', async () => {
    const model = await api<ApiModelDetail>('models/demo/movenet/get')
    const i = model.instances![0]!
    for (const path of [
      `/models/demo/movenet/${i.frameworkSlug}`,
      `/models/demo/movenet/${i.frameworkSlug}/${i.slug}`,
      `/models/demo/movenet/${i.frameworkSlug}/${i.slug}/1`,
      '/models/demo/movenet?tab=discussion',
    ]) {
      const html = await (await get(path)).text()
      expect(parts(html), path).toBeDefined()
    }
    const compare = await (
      await get(`/models/demo/movenet/${i.frameworkSlug}/${i.slug}/compare`)
    ).text()
    expect(parts(compare)).toBeUndefined()
  })

  it('draws a hostile title and card inert', async () => {
    const hostile = `</title><script>alert(1)</script>"'><img src=x onerror=alert(2)>`
    const { owner, model } = await makeModel({
      title: hostile,
      cardMd: [
        '# Card',
        '<script>alert(3)</script>',
        '<img src="x" onerror="alert(4)" alt="bad">',
        '[click](javascript:alert(5)) <a href="&#106;avascript:alert(6)">raw</a>',
        '<form><button>go</button></form><iframe src="https://evil.example"></iframe>',
        '</div></main><div id="root">clobber</div>',
      ].join('\n\n'),
    })
    const res = await get(`/models/${owner.slug}/${model.slug}`)
    expect(res.status).toBe(200)
    const page = parts(await res.text())!
    // only the data scripts (by nonce) run; the title and card are text or inert markup
    const markup = page.body.replace(/="[^"]*"/g, '=""')
    // (the page's own search form and buttons are there; the card's are not)
    expect(markup).not.toMatch(/<(script|iframe)\b/)
    expect(page.body).not.toContain('<form><button>go')
    expect(page.body).not.toContain('<button>go')
    expect(markup).not.toMatch(/<[^>]*\son\w+=/)
    expect(page.body).not.toMatch(/javascript:|&#106;/i)
    // the title is text: Solid escapes its `<` and `&`
    // (with <wbr> break points between its parts)
    expect(page.body).toMatch(/&lt;script(&gt;|>)alert\(1\)/)
    expect(page.body).toContain('id="user-content-root"')
    expect(page.body.match(/<main\b/g)).toHaveLength(1)
    expect(page.body.match(/<\/main>/g)).toHaveLength(1)
  })

  it('answers an unknown model with the 404 shell, not a rendered page', async () => {
    const res = await get('/models/demo/no-such-model')
    expect(res.status).toBe(404)
    expect(parts(await res.text())).toBeUndefined()
  })
})

describe('the first response alone paints', () => {
  it('carries the rules its markup needs inline, the whole stylesheet after the page, and is compressed for a client that takes gzip', async () => {
    const html = await (await get('/models/demo/movenet')).text()
    const head = html.slice(0, html.indexOf('</head>'))
    expect(head).not.toMatch(/<link[^>]+rel="stylesheet"/)
    const style = head.slice(head.indexOf('<style>') + 7, head.indexOf('</style>'))
    expect(style).toContain('.site-header')
    expect(style).toContain('.model-header')
    // the landing's cards, the notebook editor: not on this page
    expect(style).not.toContain('.model-card-subtitle')
    expect(style).not.toContain('.md-editor-bar')
    const link = /<link rel="stylesheet" href="(\/assets\/index-[\w-]+\.css)"><\/body>/.exec(html)
    expect(link).not.toBeNull()
    const whole = await (await exports.default.fetch(new Request(`${origin}${link![1]}`))).text()
    expect(style.length).toBeLessThan(whole.length / 2)

    const gz = await exports.default.fetch(
      new Request(`${origin}/models`, { headers: { 'accept-encoding': 'gzip, br' } }),
    )
    expect(gz.headers.get('content-encoding')).toBe('gzip')
    expect(gz.headers.get('vary')).toContain('accept-encoding')
    expect((await get('/models')).headers.get('content-encoding')).toBeNull()
  })
})

describe('server-rendered listings', () => {
  it('the landing lists the models, linked, with the search box', async () => {
    const page = parts(await (await get('/models')).text())!
    expect(page.body).toContain('href="/models/demo/movenet"')
    expect(page.body).toContain('id="site-search"')
    expect(page.body).toMatch(/<h1[^>]*>Models<\/h1>/)
  })

  it('a search and filters from the URL', async () => {
    const page = parts(await (await get('/models?q=movenet&framework=tfJs')).text())!
    // Solid marks where the query's text sits: <!--!$-->
    expect(page.body.replace(/<!--!\$-->/g, '')).toContain('Models matching “movenet”')
    expect(page.body).toContain('href="/models/demo/movenet"')
    expect(page.data).toContain('search:"movenet"')
    expect(page.data).toMatch(/framework:(\$R\[\d+\]=)?\["tfJs"\]/)
  })

  it("an owner's page lists its models", async () => {
    const page = parts(await (await get('/owners/demo')).text())!
    expect(page.body).toContain('href="/models/demo/movenet"')
  })
})

describe('a render that fails', () => {
  it('falls back to the shell with the page head, logged', async () => {
    // the landing's head needs no query; its list does, and fails
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
    const res = await app.request(`${origin}/models`, {}, broken)
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('<div id="root">')
    expect(html).not.toContain('data-ssr')
    expect(html).toContain('rel="canonical"')
    expect(res.headers.get('server-timing')).toBeNull()
  })

  it('gives up at once on a query the API refuses, instead of fetching it on every pass', async () => {
    const logged: string[] = []
    const spy = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      logged.push(args.map(String).join(' '))
    })
    try {
      const res = await get('/?framework=*')
      expect(res.status).toBe(200)
      expect(await res.text()).not.toContain('data-ssr')
    } finally {
      spy.mockRestore()
    }
    expect(logged).toHaveLength(1)
    expect(logged[0]).toMatch(
      /^page \/: server render failed, serving the SPA shell Error: query \["models","list"/,
    )
  })
})

describe('the server build', () => {
  it('has a placeholder for a page the Worker never draws, which draws the loading state', async () => {
    const { renderPage } = await import('#ssr')
    const asked: string[] = []
    const page = await renderPage({
      url: '/notebooks/demo/any/edit',
      origin,
      fetch: (url, init) => {
        asked.push(new URL(url, origin).pathname)
        return exports.default.fetch(new Request(new URL(url, origin), init))
      },
      nonce: 'test-nonce',
    })
    expect(page.html).toContain('class="loading" role="status"')
    // the editor page itself would ask for its notebook
    expect(asked.filter((p) => p.startsWith('/api/v1/notebooks'))).toEqual([])
  })
})
