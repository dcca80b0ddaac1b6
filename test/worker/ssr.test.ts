// Server rendering (docs/ssr.md): the app's components drawn by the Worker from the server build
// (dist/ssr), their data answered in-process, the query cache beside the markup for hydration;
// a failed render falls back to the shell with its head.
import { env, exports } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import type {
  ApiModelDetail,
  ListFilesResponse,
  ListVersionsResponse,
} from '../../worker/api-types'
import { seedDemo } from './helpers'

const origin = 'https://modelport.test'

const get = (path: string) =>
  exports.default.fetch(new Request(`${origin}${path}`, { headers: { accept: 'text/html' } }))

const api = async <T>(path: string) => (await (await get(`/api/v1/${path}`)).json()) as T

/**
 * `#root`'s content, and what its data scripts write: each query's result with its key (they
 * run by the response's CSP nonce).
 */
function parts(html: string) {
  const root = /<div id="root" data-ssr="?"?>([\s\S]*)<\/div>\s*<\/body>/.exec(html)
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
  it('carries the card, the variations, the files and the data they were drawn from', async () => {
    const res = await get('/models/demo/movenet')
    expect(res.status).toBe(200)
    expect(res.headers.get('server-timing')).toMatch(/^ssr;dur=[\d.]+;desc="\d passes"$/)
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

  it('escapes a hostile card and keeps it inert', async () => {
    const res = await get('/models/demo/movenet')
    const body = parts(await res.text())!.body
    expect(body).not.toContain('<script')
  })

  it('answers an unknown model with the 404 shell, not a rendered page', async () => {
    const res = await get('/models/demo/no-such-model')
    expect(res.status).toBe(404)
    expect(parts(await res.text())).toBeUndefined()
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
})
